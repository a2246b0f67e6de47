package org.ckanmigrate.common.secret;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * Puts a {@link ScrubbingEncoder} around the encoder of every logback appender once Spring Boot has
 * configured logging, whatever configuration it chose (Boot's defaults, a logback XML, a log file),
 * so no log line or stack trace leaves the process unscrubbed. Registered in {@code
 * META-INF/spring.factories}; the CLI calls {@link #install()} itself.
 */
public final class ScrubbedLogging implements GenericApplicationListener {

  @Override
  public boolean supportsEventType(ResolvableType eventType) {
    Class<?> type = eventType.getRawClass();
    return type != null
        && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
            || ApplicationPreparedEvent.class.isAssignableFrom(type));
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    install();
  }

  @Override
  public int getOrder() {
    return LoggingApplicationListener.DEFAULT_ORDER + 1; // after Boot (re)configured logback
  }

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
