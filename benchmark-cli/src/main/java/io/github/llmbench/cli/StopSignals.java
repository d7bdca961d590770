package io.github.llmbench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a stop request (SIGINT, SIGTERM) comes from. The real one catches the process's signals instead of letting
 * the JVM exit at once, so the CLI can end the run, save the finished steps and exit with 130 or 143; tests stop a
 * run through their own implementation.
 */
interface StopSignals {
  /**
   * Calls {@code onStop} with {@link ExitCode#SIGINT} or {@link ExitCode#SIGTERM} when asked to stop, until the
   * returned handle is closed (which restores the previous handling).
   */
  Handle install(Consumer<ExitCode> onStop);

  /** Restores what was there before. */
  interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * The process's signals through {@code sun.misc.Signal} (jdk.unsupported, present in every JDK since 9). A
   * second signal while stopping exits at once with its code: results files are written atomically, so that is
   * safe. A signal that the shell ignores (a background job's SIGINT) stays ignored.
   */
  @SuppressWarnings("removal")
  static StopSignals process() {
    return onStop -> {
      List<Runnable> restore = new ArrayList<>();
      boolean[] stopping = {false};
      for (ExitCode code : new ExitCode[] {ExitCode.SIGINT, ExitCode.SIGTERM}) {
        String name = code == ExitCode.SIGINT ? "INT" : "TERM";
        try {
          sun.misc.Signal signal = new sun.misc.Signal(name);
          sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, s -> {
            synchronized (stopping) {
              if (stopping[0]) Runtime.getRuntime().halt(code.code());
              stopping[0] = true;
            }
            onStop.accept(code);
          });
          if (previous == sun.misc.SignalHandler.SIG_IGN) {
            // Ignored by whoever started us (nohup, a background job): keep it ignored, as the shell intends.
            sun.misc.Signal.handle(signal, previous);
          } else {
            restore.add(() -> sun.misc.Signal.handle(signal, previous));
          }
        } catch (IllegalArgumentException unavailable) {
          // This JVM reserves the signal (e.g. -Xrs): the JVM's own handling stays, exiting with 128 + signal.
        }
      }
      return () -> restore.forEach(Runnable::run);
    };
  }
}
