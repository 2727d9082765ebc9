# The all-in-one's JVM options, in one place for scripts/run.sh and scripts/benchmark-startup.sh
# (sourced, not run). A control plane needs little heap: the serial collector and a heap of at
# most 10% of the machine's memory keep its footprint small. JAVA_OPTS replaces them.
DECOMMISSION_JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -XX:MaxRAMPercentage=10 -Xss512k}
