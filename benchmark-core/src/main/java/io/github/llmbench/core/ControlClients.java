package io.github.llmbench.core;

import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.core.internal.transport.TlsTrust;
import java.io.IOException;
import okhttp3.OkHttpClient;

/**
 * OkHttp clients for the control plane (the checks before a run, metrics scrapes) that trust what a benchmark's
 * client settings trust, so an {@code https} target with a self-signed certificate is checked as it is measured.
 */
public final class ControlClients {
  private ControlClients() {}

  /**
   * {@code builder} trusting the settings' certificates (unchanged when they name none).
   *
   * @throws IOException when the certificate file cannot be read (the message names it)
   */
  public static OkHttpClient.Builder trusting(OkHttpClient.Builder builder, ClientSettings settings)
      throws IOException {
    return TlsTrust.of(settings.trustedCertificates()).applyTo(builder);
  }
}
