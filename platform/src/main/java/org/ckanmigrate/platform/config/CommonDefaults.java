package org.ckanmigrate.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds ckan-migrate's defaults ({@code ckan-migrate-defaults.properties}) with the lowest
 * precedence, so every service gets the same safe Kafka, Flyway and actuator settings and can still
 * override each one.
 */
public class CommonDefaults implements EnvironmentPostProcessor {

  static final String NAME = "ckan-migrate-defaults";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication app) {
    try {
      environment
          .getPropertySources()
          .addLast(
              new ResourcePropertySource(
                  NAME, new ClassPathResource("ckan-migrate-defaults.properties")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
