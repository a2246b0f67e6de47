package org.ckanmigrate.index;

import org.ckanmigrate.testsupport.service.ServiceContract;

/** The service starts, reaches Kafka and its state database, and exposes only what it should. */
class IndexServiceApplicationIT extends ServiceContract {}
