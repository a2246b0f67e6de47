package org.ckanmigrate.client;

import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.Charset;
import org.ckanmigrate.contract.secret.Scrubber;

/**
 * A logback encoder that passes what another encoder wrote, message and stack trace alike, through
 * {@link Scrubber}. Installed around every appender's encoder by {@link ScrubbedLogback}; usable in
 * a logback XML file too ({@code <encoder class="...ScrubbingEncoder"><delegate class=.../>}).
 */
public final class ScrubbingEncoder<E> extends EncoderBase<E> {

  private Encoder<E> delegate;

  public ScrubbingEncoder() {}

  public ScrubbingEncoder(Encoder<E> delegate) {
    this.delegate = delegate;
  }

  public void setDelegate(Encoder<E> delegate) {
    this.delegate = delegate;
  }

  Encoder<E> delegate() {
    return delegate;
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(E event) {
    byte[] bytes = delegate.encode(event);
    if (bytes == null || bytes.length == 0) {
      return bytes;
    }
    Charset charset = charset();
    String text = new String(bytes, charset);
    String scrubbed = Scrubber.scrub(text);
    return scrubbed.equals(text) ? bytes : scrubbed.getBytes(charset);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }

  @Override
  public void start() {
    if (!delegate.isStarted()) {
      delegate.start();
    }
    super.start();
  }

  @Override
  public void stop() {
    delegate.stop();
    super.stop();
  }

  private Charset charset() {
    if (delegate instanceof LayoutWrappingEncoder<E> layout && layout.getCharset() != null) {
      return layout.getCharset();
    }
    return Charset.defaultCharset();
  }
}
