package io.github.llmbench.core.internal.health;

import io.github.llmbench.api.ClientHealth;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Garbage collection during a window, from the {@link GarbageCollectorMXBean}s: the number of collections and the
 * time they took, between {@link #start()} and {@link #stop(double)}. Where the JVM sends
 * {@code com.sun.management.GarbageCollectionNotificationInfo} notifications (HotSpot and OpenJ9 do), it also
 * keeps the longest single pause.
 *
 * <p>Only stop-the-world collectors count. The beans of collectors that run beside the application ("G1
 * Concurrent GC", "ZGC Cycles", "Shenandoah Cycles", ...) report the duration of a whole concurrent cycle, which
 * is not time the application was stopped; ZGC and Shenandoah report their pauses in separate "Pauses" beans, and
 * those count.
 *
 * <p>One window at a time: {@code start()} again begins a new one. Thread-safe; never throws once built.
 */
public final class GcMonitor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GcMonitor.class.getName());
  private static final String NOTIFICATION_TYPE = "com.sun.management.gc.notification";

  private final List<GarbageCollectorMXBean> collectors;
  private final AtomicLong maxPauseMillis = new AtomicLong();
  private final List<NotificationEmitter> listenedTo = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;
  private final boolean pausesAvailable;
  private long startCount;
  private long startTimeMillis;

  /** Reads the platform's collectors and, where available, listens to their notifications until {@link #close()}. */
  public GcMonitor() {
    List<GarbageCollectorMXBean> stw = new ArrayList<>();
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (stopsTheWorld(bean.getName())) stw.add(bean);
    }
    collectors = List.copyOf(stw);
    pausesAvailable = listen();
    start();
  }

  /** Whether a collector bean of that name reports pauses rather than concurrent cycles. */
  static boolean stopsTheWorld(String collectorName) {
    String name = collectorName.toLowerCase(Locale.ROOT);
    return !name.contains("cycles") && !name.contains("concurrent");
  }

  /** The names of the collectors counted. */
  public List<String> collectorNames() {
    return collectors.stream().map(GarbageCollectorMXBean::getName).toList();
  }

  /** Begins a window. */
  public synchronized void start() {
    startCount = totalCount();
    startTimeMillis = totalTimeMillis();
    maxPauseMillis.set(0);
  }

  /**
   * The collections since {@link #start()}.
   *
   * @param windowMillis the window's wall time, which {@link ClientHealth.Gc#shareOfWindow()} divides by
   */
  public synchronized ClientHealth.Gc stop(double windowMillis) {
    long count = Math.max(0, totalCount() - startCount);
    long timeMillis = Math.max(0, totalTimeMillis() - startTimeMillis);
    double share = windowMillis > 0 ? Math.min(1, timeMillis / windowMillis) : 0;
    // Notifications arrive on another thread shortly after a collection: a pause just before stop() may be missed.
    OptionalDouble maxPause = pausesAvailable ? OptionalDouble.of(maxPauseMillis.get()) : OptionalDouble.empty();
    return new ClientHealth.Gc(count, timeMillis, share, maxPause);
  }

  private long totalCount() {
    long sum = 0;
    for (GarbageCollectorMXBean bean : collectors) {
      long c = bean.getCollectionCount();
      if (c > 0) sum += c;  // -1: undefined for this collector
    }
    return sum;
  }

  private long totalTimeMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean bean : collectors) {
      long t = bean.getCollectionTime();
      if (t > 0) sum += t;
    }
    return sum;
  }

  private boolean listen() {
    try {
      Class.forName("com.sun.management.GarbageCollectionNotificationInfo");
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    boolean any = false;
    for (GarbageCollectorMXBean bean : collectors) {
      if (bean instanceof NotificationEmitter emitter) {
        try {
          emitter.addNotificationListener(listener, null, null);
          listenedTo.add(emitter);
          any = true;
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.DEBUG, "no GC notifications from " + bean.getName(), e);
        }
      }
    }
    return any;
  }

  private void onNotification(Notification notification, Object handback) {
    if (!NOTIFICATION_TYPE.equals(notification.getType())) return;
    try {
      Pauses.record(notification, maxPauseMillis);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.DEBUG, "unreadable GC notification", e);
    }
  }

  /** Stops listening to notifications. */
  @Override
  public synchronized void close() {
    for (NotificationEmitter emitter : listenedTo) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "GC listener already removed", e);
      }
    }
    listenedTo.clear();
  }

  /** Touches com.sun.management types only once they are known to exist. */
  private static final class Pauses {
    static void record(Notification notification, AtomicLong maxPauseMillis) {
      var info = com.sun.management.GarbageCollectionNotificationInfo.from(
          (CompositeData) notification.getUserData());
      if (!stopsTheWorld(info.getGcName())) return;
      maxPauseMillis.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);  // GcInfo: milliseconds
    }
  }
}
