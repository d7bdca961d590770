package io.github.llmbench.core.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * Which certificates an {@code https} target is trusted by: the JDK's trust store, or exactly those of a PEM file
 * (a self-signed server's certificate, or the CA that signed it). One home for both transports and the control
 * plane, so they trust the same servers. Host names are verified either way.
 */
public final class TlsTrust {
  private final TrustManagerFactory factory;
  private final Optional<Path> source;

  private TlsTrust(TrustManagerFactory factory, Optional<Path> source) {
    this.factory = factory;
    this.source = source;
  }

  /**
   * The trust for a run.
   *
   * @throws IOException when the file cannot be read or holds no certificate (the message names the file)
   */
  public static TlsTrust of(Optional<Path> pemFile) throws IOException {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (pemFile.isEmpty()) {
        tmf.init((KeyStore) null);
        return new TlsTrust(tmf, pemFile);
      }
      Path file = pemFile.get();
      Collection<? extends Certificate> certificates;
      try (InputStream in = Files.newInputStream(file)) {
        certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certificates.isEmpty()) throw new IOException("no certificate in " + file);
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) store.setCertificateEntry("trusted-" + i++, certificate);
      tmf.init(store);
      return new TlsTrust(tmf, pemFile);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read certificates from " + pemFile.map(Path::toString).orElse("the JDK")
          + ": " + e.getMessage(), e);
    }
  }

  public TrustManagerFactory trustManagerFactory() {
    return factory;
  }

  /** The X.509 trust manager, for OkHttp's {@code sslSocketFactory}. */
  public X509TrustManager trustManager() {
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) return x509;
    }
    throw new IllegalStateException("no X.509 trust manager");
  }

  /** An SSL context trusting these certificates, for OkHttp. */
  public SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is unavailable: " + e.getMessage(), e);
    }
  }

  /** Whether this is a file's trust rather than the JDK's. */
  public boolean custom() {
    return source.isPresent();
  }

  /** {@code builder} trusting what this trusts: unchanged for the JDK's trust. */
  public OkHttpClient.Builder applyTo(OkHttpClient.Builder builder) {
    return custom() ? builder.sslSocketFactory(sslContext().getSocketFactory(), trustManager()) : builder;
  }
}
