package org.decommission.worker;

import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code decommission.images.*}: when PULL_IMAGE pulls ({@code if-not-present} or {@code always}). */
public record ImageProperties(@DefaultValue("if-not-present") String pullPolicy) {}
