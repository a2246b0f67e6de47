package org.ckanmigrate.schema;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The schema phase of a CKAN migration, as a Spring Boot service. */
@SpringBootApplication
public class SchemaServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(SchemaServiceApplication.class, args);
  }
}
