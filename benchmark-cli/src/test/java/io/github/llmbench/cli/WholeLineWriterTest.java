package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The requests file holds whole lines only, whatever the writers and the disk do. */
class WholeLineWriterTest {
  @TempDir Path dir;
  private final List<IOException> failures = new CopyOnWriteArrayList<>();
  private final AtomicInteger recoveries = new AtomicInteger();

  private WholeLineWriter writer(FileChannel channel) throws IOException {
    return new WholeLineWriter(channel, failures::add, recoveries::incrementAndGet);
  }

  @Test
  void aLineReachesTheFileOnlyWhenItEndsAndAtOnce() throws Exception {
    Path file = dir.resolve("r.jsonl");
    WholeLineWriter w = writer(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    w.write("{\"a\":");
    assertThat(Files.readString(file)).isEmpty();
    w.write("1}\n{\"b\"");
    assertThat(Files.readString(file)).as("no flush needed").isEqualTo("{\"a\":1}\n");
    w.close();
    assertThat(Files.readString(file)).as("a line never ended is never written").isEqualTo("{\"a\":1}\n");
    assertThat(w.complete()).isTrue();
  }

  @Test
  void manyThreadsWritingPiecesStillGiveWholeLines() throws Exception {
    Path file = dir.resolve("r.jsonl");
    WholeLineWriter w = writer(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      int thread = t;
      pool.execute(() -> {
        for (int i = 0; i < 500; i++) {
          // One line per call, as JsonLinesSink's single writer thread does; several threads to stress the lock.
          w.write("{\"thread\":" + thread + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 97) + "\"}\n");
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    w.close();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(4000).allMatch(l -> l.matches("\\{\"thread\":\\d,\"i\":\\d+,\"pad\":\"x*\"}"));
  }

  @Test
  void aFullDeviceIsReportedOnceAndTheLinesAreKept() throws Exception {
    Path full = Path.of("/dev/full"); // every write fails with ENOSPC
    assumeTrue(Files.isWritable(full), "no /dev/full here");
    WholeLineWriter w = writer(FileChannel.open(full, StandardOpenOption.WRITE));
    w.write("{\"a\":1}\n");
    w.write("{\"a\":2}\n");
    w.flush();
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).hasMessageContaining("No space left on device");
    assertThat(w.pendingLines()).isEqualTo(2);
    assertThat(w.complete()).isFalse();
    w.close();
    assertThat(recoveries.get()).isZero();
  }

  @Test
  void aWriteCutShortIsTakenBackAndRetriedWhole() throws Exception {
    Path file = dir.resolve("r.jsonl");
    FlakyChannel channel = new FlakyChannel(FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.READ));
    WholeLineWriter w = writer(channel);
    w.write("{\"n\":1}\n");
    channel.failing = true; // the disk fills: half a line gets written, then the write fails
    w.write("{\"n\":2,\"long\":\"" + "y".repeat(100) + "\"}\n");
    assertThat(failures).hasSize(1);
    assertThat(Files.readString(file)).as("the half line was cut back").isEqualTo("{\"n\":1}\n");
    w.write("{\"n\":3}\n");
    assertThat(failures).as("one report per streak").hasSize(1);
    channel.failing = false; // space again
    w.write("{\"n\":4}\n");
    w.close();
    assertThat(recoveries.get()).isEqualTo(1);
    assertThat(Files.readAllLines(file)).hasSize(4).allMatch(l -> l.startsWith("{\"n\":") && l.endsWith("}"));
    assertThat(w.complete()).isTrue();
  }

  /** A real file channel whose positional writes, while {@code failing}, write half the bytes and then fail. */
  private static final class FlakyChannel extends FileChannel {
    private final FileChannel real;
    volatile boolean failing;

    FlakyChannel(FileChannel real) {
      this.real = real;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      if (!failing) return real.write(src, position);
      ByteBuffer half = src.duplicate();
      half.limit(src.position() + Math.max(1, src.remaining() / 2));
      int written = real.write(half, position);
      src.position(src.position() + written);
      throw new IOException("No space left on device");
    }

    @Override public int read(ByteBuffer dst) throws IOException { return real.read(dst); }
    @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return real.read(dsts, offset, length); }
    @Override public int write(ByteBuffer src) throws IOException { return real.write(src); }
    @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { return real.write(srcs, offset, length); }
    @Override public long position() throws IOException { return real.position(); }
    @Override public FileChannel position(long newPosition) throws IOException { real.position(newPosition); return this; }
    @Override public long size() throws IOException { return real.size(); }
    @Override public FileChannel truncate(long size) throws IOException { real.truncate(size); return this; }
    @Override public void force(boolean metaData) throws IOException { real.force(metaData); }
    @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException { return real.transferTo(position, count, target); }
    @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException { return real.transferFrom(src, position, count); }
    @Override public int read(ByteBuffer dst, long position) throws IOException { return real.read(dst, position); }
    @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return real.map(mode, position, size); }
    @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return real.lock(position, size, shared); }
    @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return real.tryLock(position, size, shared); }
    @Override protected void implCloseChannel() throws IOException { real.close(); }
  }
}
