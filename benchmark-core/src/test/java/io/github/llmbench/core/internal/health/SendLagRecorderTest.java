package io.github.llmbench.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.ClientHealth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SendLagRecorderTest {
  @Test
  @Timeout(30)
  void recordsFromManyThreadsAndResetsOnEachSummary() throws InterruptedException {
    SendLagRecorder lags = new SendLagRecorder();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      Thread t = new Thread(() -> {
        for (int i = 1; i <= 1000; i++) lags.recordSendLagNanos(i * 10_000L);  // 0.01 .. 10 ms
      });
      workers.add(t);
      t.start();
    }
    for (Thread t : workers) t.join();
    ClientHealth.SendLag s = lags.takeSummary();
    assertThat(s.samples()).isEqualTo(4000);
    assertThat(s.p50Millis()).isCloseTo(5.0, within(0.01));
    assertThat(s.p99Millis()).isCloseTo(9.9, within(0.01));
    assertThat(s.maxMillis()).isCloseTo(10.0, within(0.01));
    assertThat(lags.takeSummary()).isEqualTo(ClientHealth.SendLag.NONE);
  }

  @Test
  void aRequestThatLeftEarlyHasNoLag() {
    SendLagRecorder lags = new SendLagRecorder();
    lags.recordSendLagNanos(-5_000_000);
    ClientHealth.SendLag s = lags.takeSummary();
    assertThat(s.samples()).isEqualTo(1);
    assertThat(s.maxMillis()).isZero();
  }
}
