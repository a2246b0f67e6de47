package org.ckanmigrate.platform.secret;

import org.ckanmigrate.client.ScrubbedLogback;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * Installs {@link ScrubbedLogback} once Spring Boot has configured logging, whatever configuration
 * it chose (Boot's defaults, a logback XML, a log file). Registered in {@code
 * META-INF/spring.factories}.
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
    ScrubbedLogback.install();
  }

  @Override
  public int getOrder() {
    return LoggingApplicationListener.DEFAULT_ORDER + 1; // after Boot (re)configured logback
  }
}
