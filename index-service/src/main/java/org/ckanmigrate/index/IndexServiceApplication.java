package org.ckanmigrate.index;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The index phase of a CKAN migration, as a Spring Boot service. */
@SpringBootApplication
public class IndexServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(IndexServiceApplication.class, args);
  }
}
