package io.github.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java on the README's front page compiles against the current API: every {@code ```java} block is compiled
 * with the test class path. A block that declares a class is compiled as it stands; any other block is a method
 * body, its {@code import} lines lifted to the top of a class around it.
 */
class ReadmeSnippetsTest {
  private static final Path README = Path.of(System.getProperty("basedir", "."), "..", "README.md");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS = Pattern.compile("^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)",
      Pattern.MULTILINE);

  static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(markdown.replace("\r\n", "\n"));
    while (m.find()) blocks.add(m.group(1));
    return blocks;
  }

  /** The block as a compilation unit: its own class, or a method of class {@code name} with the block as body. */
  static String compilationUnit(String block, String name) {
    if (CLASS.matcher(block).find()) return block;
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n", -1)) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    return imports + "class " + name + " {\n  void snippet() throws Exception {\n" + body + "  }\n}\n";
  }

  @Test
  void everyJavaBlockOfTheReadmeCompiles(@TempDir Path dir) throws Exception {
    List<String> blocks = javaBlocks(Files.readString(README));
    assertThat(blocks).as("java blocks in " + README.normalize()).hasSizeGreaterThanOrEqualTo(2);

    List<File> sources = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      String unit = compilationUnit(blocks.get(i), "ReadmeSnippet" + i);
      Matcher named = CLASS.matcher(unit);
      assertThat(named.find()).isTrue();
      Path src = dir.resolve("src" + i).resolve(named.group(1) + ".java");
      Files.createDirectories(src.getParent());
      Files.writeString(src, unit);
      sources.add(src.toFile());
    }

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK's compiler (the tests need a JDK, not a JRE)").isNotNull();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path out = Files.createDirectories(dir.resolve("classes"));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter log = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      boolean ok = javac.getTask(log, files, diagnostics,
          List.of("-classpath", classPath, "-d", out.toString(), "-proc:none", "--release", "17"), null,
          files.getJavaFileObjectsFromFiles(sources)).call();
      StringBuilder errors = new StringBuilder(log.toString());
      diagnostics.getDiagnostics().forEach(d -> errors.append(d).append('\n'));
      assertThat(ok).as("README snippets compile:\n" + errors).isTrue();
    }
  }
}
