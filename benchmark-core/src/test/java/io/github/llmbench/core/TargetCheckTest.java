package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Target;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TargetCheckTest {
  private MockWebServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) server.close();
  }

  @Test
  void anyAnswerIsFineEvenNotFound() throws Exception {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.json(404, "{}")));
    Target target = Target.builder().baseUrl(baseUrl(server)).model("m").apiKey("sk-hidden").build();
    assertThat(TargetCheck.problem(target, Duration.ofSeconds(5))).isEmpty();
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/models");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-hidden");
  }

  @Test
  void refusedConnectionNamesTheUrlAndNotTheKey() {
    String url = "http://127.0.0.1:" + TestServers.closedPort();
    Target target = Target.builder().baseUrl(url).model("m").apiKey("sk-hidden").build();
    Optional<String> problem = TargetCheck.problem(target, Duration.ofSeconds(5));
    assertThat(problem).hasValue("cannot reach " + url + ": connection refused");
    assertThat(problem.get()).doesNotContain("sk-hidden");
  }

  @Test
  void noAnswerInTimeIsReported() {
    server = TestServers.start(TestServers.everything(r -> { // the check's own GET must hang too
      release.await(30, TimeUnit.SECONDS);
      return TestServers.json(200, "{}");
    }));
    Optional<String> problem = TargetCheck.problem(Target.of(baseUrl(server), "m"), Duration.ofMillis(300));
    assertThat(problem).hasValue("cannot reach " + baseUrl(server) + ": no answer within 0.3 s");
  }
}
