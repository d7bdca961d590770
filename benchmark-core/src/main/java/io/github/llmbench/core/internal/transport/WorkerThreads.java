package io.github.llmbench.core.internal.transport;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Makes the threads of the OkHttp transport. On Java 21 and later they are virtual threads: a blocked OkHttp call then
 * holds no platform thread, so ten thousand streams in flight cost memory in kilobytes per stream instead of a
 * platform thread's stack each. On Java 17 they are platform daemon threads with a small stack (the call paths of
 * OkHttp and Jackson are shallow). Found by reflection, because the code is compiled for Java 17.
 */
public final class WorkerThreads {
  /** Platform worker stacks: enough for OkHttp, TLS and Jackson, a quarter of the JVM's usual default. */
  static final long PLATFORM_STACK_BYTES = 256 * 1024;

  private static final @Nullable MethodHandle OF_VIRTUAL = findOfVirtual();

  private WorkerThreads() {}

  /** Whether this JVM runs workers on virtual threads. */
  public static boolean virtual() {
    return OF_VIRTUAL != null;
  }

  /** {@code "virtual"} or {@code "platform"}, for the run's environment. */
  public static String kind() {
    return virtual() ? "virtual" : "platform";
  }

  /** A factory naming its threads {@code prefix0}, {@code prefix1}, ... */
  public static ThreadFactory factory(String prefix) {
    if (OF_VIRTUAL != null) {
      try {
        Object builder = OF_VIRTUAL.invoke();
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, prefix, 0L);
        return (ThreadFactory) ofVirtual.getMethod("factory").invoke(builder);
      } catch (Throwable e) {
        // fall through to platform threads
      }
    }
    AtomicInteger number = new AtomicInteger();
    return r -> {
      Thread t = new Thread(null, r, prefix + number.getAndIncrement(), PLATFORM_STACK_BYTES);
      t.setDaemon(true);
      return t;
    };
  }

  private static @Nullable MethodHandle findOfVirtual() {
    try {
      Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
      return MethodHandles.publicLookup().findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
