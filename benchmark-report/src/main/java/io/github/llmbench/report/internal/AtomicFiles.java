package io.github.llmbench.report.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writes a text file through a temporary file in the same directory and an atomic rename. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What writes the content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Appendable out) throws IOException;
  }

  /** Writes UTF-8 text to {@code target}, replacing it; readers see the old file or the whole new one. */
  public static Path write(Path target, Content content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    // Not Files.createTempFile: its owner-only permissions would stay on the report; this name honours the umask.
    Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    boolean moved = false;
    try {
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      return target;
    } finally {
      if (!moved) Files.deleteIfExists(tmp);
    }
  }
}
