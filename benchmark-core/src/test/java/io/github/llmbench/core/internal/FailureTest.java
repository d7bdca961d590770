package io.github.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.RequestOutcome;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Whose failure a connect error is: only a refusal is the server's refusing; the client's own limits are not. */
class FailureTest {
  @Test
  void aRefusedConnectIsTheServerRefusing() {
    assertThat(Failure.ofException(new ConnectException("Connection refused")).kind())
        .isEqualTo(RequestOutcome.FailureKind.CONNECTION_REFUSED);
    // Netty's native transport: "connect(..) failed with error(-111): Connection refused", wrapped with the address
    assertThat(Failure.ofException(new IOException("x", new ConnectException(
        "connect(..) failed with error(-111): Connection refused"))).kind()).isEqualTo(RequestOutcome.FailureKind.CONNECTION_REFUSED);
    // OkHttp: its own ConnectException names the address, and its cause the errno
    ConnectException okhttp = new ConnectException("Failed to connect to /127.0.0.1:9");
    okhttp.initCause(new ConnectException("Connection refused"));
    assertThat(Failure.ofException(okhttp).kind()).isEqualTo(RequestOutcome.FailureKind.CONNECTION_REFUSED);
  }

  @Test
  void runningOutOfLocalPortsIsTheClientsAndSaysSo() {
    Failure netty = Failure.ofException(
        new ConnectException("connect(..) failed with error(-99): Cannot assign requested address"));
    assertThat(netty.kind()).isEqualTo(RequestOutcome.FailureKind.IO_ERROR);
    assertThat(netty.detail()).startsWith("the client is out of local ports");
    assertThat(Failure.ofException(new BindException("Cannot assign requested address")).kind())
        .isEqualTo(RequestOutcome.FailureKind.IO_ERROR);
  }

  @Test
  void anotherConnectErrorIsNoRefusal() {
    Failure f = Failure.ofException(new ConnectException("connect(..) failed with error(-101): Network is unreachable"));
    assertThat(f.kind()).isEqualTo(RequestOutcome.FailureKind.IO_ERROR);
    assertThat(f.detail()).contains("Network is unreachable");
  }
}
