package org.ckanmigrate.dump;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The dump phase of a CKAN migration, as a Spring Boot service. */
@SpringBootApplication
public class DumpServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(DumpServiceApplication.class, args);
  }
}
