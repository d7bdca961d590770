package io.github.llmbench.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Describes where a run happens, for its result: llmbench version, JVM, OS, host, processors. The keys are the
 * ones the reports print ({@code llmbench_version}, {@code java_version}, ...).
 */
public final class EnvironmentInfo {
  private EnvironmentInfo() {}

  public static Map<String, String> describe() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("llmbench_version", llmbenchVersion());
    env.put("java_version", System.getProperty("java.version", "unknown"));
    env.put("java_vendor", System.getProperty("java.vendor", "unknown"));
    env.put("os", System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", "")
        + " " + System.getProperty("os.arch", ""));
    try {
      env.put("host", InetAddress.getLocalHost().getHostName());
    } catch (IOException | RuntimeException e) {
      env.put("host", "unknown");
    }
    env.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
    return env;
  }

  /** The version Maven wrote into version.properties at build time. */
  static String llmbenchVersion() {
    try (InputStream in = EnvironmentInfo.class.getResourceAsStream("/io/github/llmbench/core/version.properties")) {
      if (in == null) return "unknown";
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "unknown");
      return version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
