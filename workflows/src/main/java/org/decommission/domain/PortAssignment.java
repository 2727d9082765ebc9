package org.decommission.domain;

/** One host port allocated to one replica's named port. */
public record PortAssignment(int replica, String portName, int hostPort) {}
