package org.decommission.api;

import org.decommission.worker.CoreConfiguration;
import org.decommission.worker.WorkerConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The core (database, Docker hosts, Temporal connection) and the worker, for the all-in-one
 * program. A configuration of its own rather than an import on the application class, so that
 * slice tests ({@code @WebMvcTest}) do not start a database, an engine and a worker.
 */
@Configuration(proxyBeanMethods = false)
@Import({CoreConfiguration.class, WorkerConfiguration.class})
class AllInOneConfiguration {}
