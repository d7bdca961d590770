package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptors as a user of the module path meets them: the built jars (this module's and, in a reactor
 * build, the other modules' own jars) and their dependencies, resolved by the JDK and run with {@code java -p ... -m}.
 * The unit tests run on the class path, so this is where a missing {@code requires}, {@code opens} or export shows.
 */
@Timeout(120)
class ModulePathIT {
  /** The published modules. An application exports nothing; a library exports every package not named internal. */
  private static final Set<String> LIBRARIES = Set.of("io.github.llmbench.api", "io.github.llmbench.core",
      "io.github.llmbench.report", "io.github.llmbench.simulator", "io.github.llmbench.junit",
      "io.github.llmbench.micrometer", "io.github.llmbench.tokenizers.hf");
  private static final String CLI = "io.github.llmbench.cli";

  private static final Path CLI_JAR = Path.of(System.getProperty("llmbench.cli.jar", "target/missing.jar"));
  private static final Path LISTS = Path.of(System.getProperty("llmbench.module.path.dir", "target/module-path"));
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path dir;

  /** This module's jar and the dependency jars of a scope, as the dependency plugin listed them. */
  private static List<Path> modulePath(String scope) throws IOException {
    assertThat(CLI_JAR).as("built by the package phase").isRegularFile();
    List<Path> path = new ArrayList<>(List.of(CLI_JAR));
    String listed = Files.readString(LISTS.resolve(scope + ".txt"), StandardCharsets.UTF_8).strip();
    for (String entry : listed.split(File.pathSeparator)) {
      if (!entry.isEmpty()) path.add(Path.of(entry));
    }
    return path;
  }

  private static Configuration resolve(List<Path> modulePath, Set<String> roots) {
    return Configuration.resolve(ModuleFinder.of(modulePath.toArray(Path[]::new)),
        List.of(ModuleLayer.boot().configuration()), ModuleFinder.of(), roots);
  }

  private static boolean isInternal(String pkg) {
    return Arrays.asList(pkg.split("\\.")).contains("internal");
  }

  @Test
  void everyPublishedModuleExportsItsPublicPackagesAndNoInternalOne() throws IOException {
    Set<String> published = new TreeSet<>(LIBRARIES);
    published.add(CLI);
    Configuration graph = resolve(modulePath("test"), published);
    for (String name : published) {
      ResolvedModule module = graph.findModule(name).orElseThrow(() -> new AssertionError(name + " not resolved"));
      ModuleDescriptor descriptor = module.reference().descriptor();
      assertThat(descriptor.isAutomatic()).as(name + " has a module-info").isFalse();
      assertThat(descriptor.isOpen()).as(name + " is not an open module").isFalse();
      Set<String> exported = descriptor.exports().stream().filter(e -> !e.isQualified())
          .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
      Set<String> expected = LIBRARIES.contains(name)
          ? descriptor.packages().stream().filter(p -> !isInternal(p)).collect(Collectors.toCollection(TreeSet::new))
          : Set.of();
      assertThat(exported).as(name + " exports (packages: " + new TreeSet<>(descriptor.packages()) + ")")
          .isEqualTo(expected);
      assertThat(descriptor.exports()).as(name + ": no qualified exports either")
          .allSatisfy(e -> assertThat(e.isQualified()).isFalse());
      assertThat(descriptor.opens()).as(name + ": opens only to a named framework")
          .allSatisfy(o -> assertThat(o.targets()).isNotEmpty());
      String location = module.reference().location().orElseThrow().getPath();
      try (JarFile jar = new JarFile(location)) {
        Optional<String> automaticName = Optional.ofNullable(jar.getManifest())
            .map(m -> m.getMainAttributes().getValue("Automatic-Module-Name"));
        assertThat(automaticName).as(location + ": the manifest does not name another module").isIn(
            Optional.empty(), Optional.of(name));
      }
    }
    assertThat(graph.findModule("io.github.llmbench.api").orElseThrow().reads())
        .as("benchmark-api reads the JDK (and jspecify, optional) only")
        .allSatisfy(m -> assertThat(m.name()).matches("java\\..*|jdk\\..*|org\\.jspecify"));
    ModuleDescriptor cli = graph.findModule(CLI).orElseThrow().reference().descriptor();
    assertThat(cli.opens()).singleElement().satisfies(o -> {
      assertThat(o.source()).isEqualTo("io.github.llmbench.cli");
      assertThat(o.targets()).containsExactly("info.picocli");
    });
  }

  /**
   * {@code @LlmBenchTest} names an extension in a package that is not exported; JUnit finds it through the annotation
   * and instantiates it by reflection, as here, in a layer built from the jars.
   */
  @Test
  void junitInstantiatesTheExtensionOfLlmBenchTestOnTheModulePath() throws Exception {
    Configuration graph = resolve(modulePath("test"), Set.of("io.github.llmbench.junit"));
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(graph, ClassLoader.getPlatformClassLoader());
    ClassLoader loader = layer.findLoader("io.github.llmbench.junit");
    Class<?> annotation = loader.loadClass("io.github.llmbench.junit.LlmBenchTest");
    Class<?> extendWith = loader.loadClass("org.junit.jupiter.api.extension.ExtendWith");
    Class<?> support = loader.loadClass("org.junit.platform.commons.support.AnnotationSupport");
    @SuppressWarnings("unchecked")
    List<Object> found = (List<Object>) support.getMethod("findRepeatableAnnotations",
        java.lang.reflect.AnnotatedElement.class, Class.class).invoke(null, annotation, extendWith);
    assertThat(found).hasSize(1);
    Class<?>[] extensions = (Class<?>[]) extendWith.getMethod("value").invoke(found.get(0));
    assertThat(extensions).hasSize(1);
    assertThat(extensions[0].getModule().getName()).isEqualTo("io.github.llmbench.junit");
    Method newInstance = loader.loadClass("org.junit.platform.commons.support.ReflectionSupport")
        .getMethod("newInstance", Class.class, Object[].class);
    Object extension = newInstance.invoke(null, extensions[0], new Object[0]);
    assertThat(extension.getClass().getName()).isEqualTo("io.github.llmbench.junit.internal.LlmBenchExtension");
  }

  record Result(int exitCode, String out, String err) {}

  /** {@code java -p <the jars the CLI needs> -m io.github.llmbench.cli/...LlmBenchCli args}, in {@link #dir}. */
  private Result cli(String... args) throws Exception {
    List<Path> runtime = modulePath("runtime");
    // C1 only: these short processes then spend about half the CPU compiling (no figure of theirs is under test).
    List<String> command = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-p",
        runtime.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
        "-m", CLI + "/io.github.llmbench.cli.LlmBenchCli"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    process.getOutputStream().close();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("llmbench did not end within 90 s: " + Files.readString(out));
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void theCliRunsOnTheModulePath() throws Exception {
    Result version = cli("--version");
    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("llmbench " + System.getProperty("project.version", "0."));

    // A small streamed custom run: picocli, OkHttp, the stream reader, Jackson, HdrHistogram (its interval log),
    // Commons Math, the simulator and every report file.
    Result run = cli("--simulate", "--sim-time-scale", "0.05", "--concurrency", "1,4", "--num-prompts", "8", "--stream",
        "--output-dir", "out");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Phase 1: CUSTOM", "Results saved to out/benchmark_");
    assertThat(run.err()).doesNotContain("Exception", "WARNING");
    Path json;
    try (var files = Files.list(dir.resolve("out"))) {
      json = files.filter(p -> p.getFileName().toString().matches("benchmark_\\d{8}_\\d{6}\\.json"))
          .findFirst().orElseThrow();
    }
    assertThat(json.resolveSibling(json.getFileName().toString().replace(".json", ".hlog"))).isNotEmptyFile();
    Path markdown = json.resolveSibling(json.getFileName().toString().replace(".json", ".md"));
    Files.delete(markdown);
    Result report = cli("report", json.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(Files.readString(markdown)).contains("Capacity answers");
  }

  /** A module-info.class at the root of the all-in-one jar would make it an explicit module that cannot resolve. */
  @Test
  void theAllInOneJarCarriesNoModuleDescriptor() throws IOException {
    Path shaded = CLI_JAR.resolveSibling("llmbench.jar");
    try (JarFile jar = new JarFile(shaded.toFile())) {
      assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.endsWith("module-info.class")))
          .as(shaded + " entries").isEmpty();
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo(CLI);
    }
    assertThat(ModuleFinder.of(shaded).findAll()).singleElement()
        .satisfies(m -> assertThat(m.descriptor().isAutomatic()).isTrue());
  }
}
