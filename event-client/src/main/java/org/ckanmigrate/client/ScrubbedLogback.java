package org.ckanmigrate.client;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link ScrubbingEncoder} around the encoder of every logback appender, whatever
 * configuration logback runs with, so no log line or stack trace leaves the process unscrubbed. The
 * CLI calls it at start; the services call it through the platform's Spring listener once Boot has
 * configured logging.
 */
public final class ScrubbedLogback {

  private ScrubbedLogback() {}

  /** Wraps every appender's encoder that is not wrapped yet; safe to call any number of times. */
  public static void install() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
            && appender.getEncoder() != null
            && !(appender.getEncoder() instanceof ScrubbingEncoder)) {
          ScrubbingEncoder<ILoggingEvent> scrubbing = new ScrubbingEncoder<>(appender.getEncoder());
          scrubbing.setContext(context);
          scrubbing.start();
          appender.setEncoder(scrubbing);
        }
      }
    }
  }
}
