package io.github.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.transport.Endpoint;
import io.github.llmbench.core.internal.transport.NettyTransport;
import io.github.llmbench.core.internal.transport.TlsTrust;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every request of a step is handed out exactly once, however the senders and the preparing thread race: a sender
 * is never told "none left" while the preparing thread still builds one (which once lost the last request of a
 * step whose builder was slower than its requests).
 */
@Timeout(60)
class RequestSupplyTest {
  @Test
  void everyIndexIsHandedOutOnceWhileTheSlowPreparerRacesTheSenders() throws Exception {
    RequestBuilder chat = RequestBuilders.chat("x", 1);
    RequestBuilder slow = ctx -> {
      try {
        Thread.sleep(ctx.requestIndex() % 7 == 0 ? 20 : 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return chat.build(ctx);
    };
    try (NettyTransport transport = new NettyTransport(new Endpoint("http://127.0.0.1:9"), Optional.empty(),
        ClientSettings.ConnectionMode.WARM, Duration.ofSeconds(5), 1, TlsTrust.of(Optional.empty()), TimeSource.SYSTEM,
            "test");
        Preparer preparer = new Preparer("test-prepare")) {
      RequestExecutor requests = new RequestExecutor(transport, new RequestBodyWriter(JsonCodec.mapper()), "m", false,
          "run");
      int n = 200;
      RequestSupply supply = new RequestSupply(requests, "P", Step.of("s", Load.concurrency(4), n, slow), n, 8);
      supply.fill();
      preparer.serve(supply);
      Set<Integer> handed = ConcurrentHashMap.newKeySet();
      List<Integer> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
      CountDownLatch done = new CountDownLatch(4);
      for (int s = 0; s < 4; s++) {
        new Thread(() -> {
          RequestExecutor.Ready r;
          while ((r = supply.next()) != null) {
            if (!handed.add(r.index())) duplicates.add(r.index());
          }
          done.countDown();
        }).start();
      }
      done.await();
      preparer.stop();
      assertThat(duplicates).isEmpty();
      assertThat(handed).hasSize(n);
      assertThat(supply.next()).isNull();
    }
  }
}
