package org.ckanmigrate.platform.phase;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.platform.kafka.EventKafkaConfiguration;
import org.ckanmigrate.platform.kafka.EventPublisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the resumable phase machinery into any service that declares {@link PhaseHandler} beans:
 * job store on the service's state database, outbox relay, runner and the events listener.
 */
@AutoConfiguration(after = {EventKafkaConfiguration.class, DataSourceAutoConfiguration.class})
@EnableConfigurationProperties(PhaseProperties.class)
public class PhaseAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  PhaseJobStore phaseJobStore(DataSource stateDataSource) {
    return new PhaseJobStore(JdbcClient.create(stateDataSource));
  }

  @Bean
  @ConditionalOnMissingBean
  PhaseMetrics phaseMetrics(MeterRegistry registry) {
    return new PhaseMetrics(registry);
  }

  @Bean
  @ConditionalOnBean(PhaseHandler.class)
  OutboxRelay outboxRelay(
      PhaseJobStore store, EventPublisher publisher, EventCodec codec, DataSource stateDataSource) {
    return new OutboxRelay(
        store,
        publisher,
        codec,
        new TransactionTemplate(new DataSourceTransactionManager(stateDataSource)));
  }

  @Bean
  @ConditionalOnBean(PhaseHandler.class)
  PhaseRunner phaseRunner(
      List<PhaseHandler> handlers,
      PhaseJobStore store,
      OutboxRelay outbox,
      EventPublisher publisher,
      EventCodec codec,
      DataSource stateDataSource,
      PhaseProperties properties,
      PhaseMetrics metrics) {
    return new PhaseRunner(
        handlers,
        store,
        outbox,
        publisher,
        codec,
        new TransactionTemplate(new DataSourceTransactionManager(stateDataSource)),
        properties,
        metrics);
  }

  @Bean
  @ConditionalOnBean(PhaseHandler.class)
  org.ckanmigrate.platform.kafka.OutageRecoverer phaseOutageRecoverer(PhaseRunner runner) {
    return runner::recoverOutage;
  }

  @Bean
  @ConditionalOnBean(PhaseHandler.class)
  PhaseEventListener phaseEventListener(
      PhaseRunner runner,
      ObjectProvider<CommandHandler> commandHandlers,
      PhaseJobStore store,
      OutboxRelay outbox,
      EventCodec codec,
      DataSource stateDataSource) {
    CommandRunner commands =
        new CommandRunner(
            commandHandlers.orderedStream().toList(),
            store,
            outbox,
            codec,
            new TransactionTemplate(new DataSourceTransactionManager(stateDataSource)));
    return new PhaseEventListener(runner, commands, codec);
  }

  @Bean
  @ConditionalOnBean(PhaseHandler.class)
  ApplicationListener<ApplicationReadyEvent> phaseRunnerStarter(PhaseRunner runner) {
    return event -> runner.start();
  }
}
