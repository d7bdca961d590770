package io.github.llmbench.core.internal;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** Describes where a run happens, for its result: llmbench version (when known), JVM, OS, host, processors. */
public final class EnvironmentInfo {
  private EnvironmentInfo() {}

  public static Map<String, String> describe() {
    Map<String, String> env = new LinkedHashMap<>();
    String version = EnvironmentInfo.class.getPackage().getImplementationVersion();
    if (version != null) env.put("llmbench.version", version);
    for (String key : new String[] {"java.version", "java.vendor", "os.name", "os.arch"}) {
      String value = System.getProperty(key);
      if (value != null) env.put(key, value);
    }
    try {
      env.put("host.name", InetAddress.getLocalHost().getHostName());
    } catch (Exception e) {
      env.put("host.name", "unknown");
    }
    env.put("available.processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
    return env;
  }
}
