package io.github.llmbench.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The {@code --output-dir} of a run: checked before any request is sent, and the place where each run claims its
 * own file names.
 */
final class OutputLocation {
  static final String FLAG = "--output-dir";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT);

  /** {@code benchmark_YYYYMMDD_HHMMSS}: the start of a run's file names. */
  static String stem(LocalDateTime startedAt) {
    return "benchmark_" + STAMP.format(startedAt);
  }
  /** More runs than this in one second in one directory is a runaway script, not a user. */
  private static final int MAX_SUFFIX = 1000;

  private final Path dir;

  private OutputLocation(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /**
   * Refuses a location that is a file, whose parent does not exist, or where a file cannot be created (read-only
   * file system, no permission): proven by creating and deleting a probe file. Creates the directory itself when
   * only it is missing.
   */
  static OutputLocation check(Path dir) throws UsageException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) throw UsageException.of(FLAG, dir, "is a file, not a directory");
    if (!Files.isDirectory(dir)) {
      Path parent = dir.toAbsolutePath().normalize().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw UsageException.of(FLAG, dir, "cannot be created: its parent " + parent + " does not exist");
      }
      try {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException raced) {
        // another run created it meanwhile: fine if it is a directory, checked below
      } catch (IOException e) {
        throw UsageException.of(FLAG, dir, "cannot be created: " + reason(e));
      }
      if (!Files.isDirectory(dir)) throw UsageException.of(FLAG, dir, "is a file, not a directory");
    }
    Path probe = dir.resolve(".llmbench-probe-" + UUID.randomUUID());
    try {
      try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException e) {
      throw UsageException.of(FLAG, dir, "is not writable: " + reason(e));
    }
    return new OutputLocation(dir);
  }

  /**
   * Claims this run's file names: {@code benchmark_YYYYMMDD_HHMMSS}, or with {@code _2}, {@code _3}, ... when
   * another run already has that name. The claim is the requests file, created with {@code CREATE_NEW}, which
   * the file system grants to exactly one run; the returned channel writes it.
   */
  Claim claim(LocalDateTime startedAt) throws IOException {
    String stem = stem(startedAt);
    for (int n = 1; n <= MAX_SUFFIX; n++) {
      String baseName = n == 1 ? stem : stem + "_" + n;
      if (Files.exists(dir.resolve(baseName + ".json"))) continue; // an earlier run (or its report) has it
      Path requests = dir.resolve(baseName + "_requests.jsonl");
      try {
        FileChannel channel = FileChannel.open(requests, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Claim(baseName, requests, channel);
      } catch (FileAlreadyExistsException taken) {
        // another run claimed it first: try the next suffix
      }
    }
    throw new IOException("more than " + MAX_SUFFIX + " runs in " + dir + " started at " + stem);
  }

  /** This run's base name, and its requests file opened for writing. */
  record Claim(String baseName, Path requestsFile, FileChannel requestsChannel) {}

  static String reason(IOException e) {
    if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
