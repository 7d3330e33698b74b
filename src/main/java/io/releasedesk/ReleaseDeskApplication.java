package io.releasedesk;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ReleaseDeskApplication {

  public static void main(String[] args) {
    SpringApplication.run(ReleaseDeskApplication.class, args);
  }
}
