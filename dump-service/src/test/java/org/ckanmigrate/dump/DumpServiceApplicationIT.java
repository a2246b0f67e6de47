package org.ckanmigrate.dump;

import org.ckanmigrate.testsupport.service.ServiceContract;

/** The service starts, reaches Kafka and its state database, and exposes only what it should. */
class DumpServiceApplicationIT extends ServiceContract {}
