package org.ckanmigrate.load;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The load phase of a CKAN migration, as a Spring Boot service. */
@SpringBootApplication
public class LoadServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(LoadServiceApplication.class, args);
  }
}
