#!/usr/bin/env bash
# Provides Temporal's time-skipping test server (the Java one published on Maven Central as
# io.temporal:temporal-test-server), which tests use to walk durable timers (reminders, escalations,
# dunning) in milliseconds. The TypeScript SDK would download a native build of it from Temporal's
# own site at run time, which fails offline; Maven Central is a package registry, so we resolve the
# jar and its runtime dependencies with Maven into a cache outside the repository (once per machine)
# and write a wrapper that the SDK starts as an `existing-path` executable:
#   <cache>/temporal-test-server-<version>/bin/temporal-test-server <port> [--enable-time-skipping]
# test/support/time-skipping.ts computes the same path.
set -euo pipefail
version=1.38.0
cache="${ARFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/arflow}/temporal-test-server-$version"
wrapper="$cache/bin/temporal-test-server"
if [[ -x "$wrapper" ]]; then exit 0; fi
for tool in java mvn; do
  if ! command -v "$tool" >/dev/null; then
    echo "setup: the Temporal test server needs Java and Maven ($tool is missing); install Debian's openjdk-17-jre-headless and maven" >&2
    exit 1
  fi
done
echo "setup: resolving the Temporal test server $version from Maven Central into $cache (once; under a minute)" >&2
tmp="$cache.partial"
rm -rf "$tmp"; mkdir -p "$tmp/bin"

# A throwaway pom whose only job is to name the artifact; Maven resolves its runtime dependencies.
cat >"$tmp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>arflow.local</groupId>
  <artifactId>temporal-test-server-resolver</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>$version</version>
    </dependency>
    <!-- The server logs through SLF4J; a no-op binding keeps its "no binding found" warning out of test output. -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
POM
# Maven's log is shown only when it fails (even -q prints stray terminal codes on success).
if ! mvn -B -Dstyle.color=never -f "$tmp/pom.xml" \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$tmp/lib" </dev/null >"$tmp/maven.log" 2>&1; then
  cat "$tmp/maven.log" >&2
  echo "setup: Maven could not resolve io.temporal:temporal-test-server:$version (log above)" >&2
  exit 1
fi
rm "$tmp/pom.xml" "$tmp/maven.log"
rm -rf "$cache"
mv "$tmp" "$cache"
# Absolute and final: the class-data archive below is valid only for the exact class path it was
# recorded with, so the wrapper names the same one.
classpath="$(cd "$cache/lib" && pwd)/*"
jvm_flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1)

# Record the classes the server loads at start into a class-data archive: with it and the flags above
# (no optimizing JIT, the serial GC) the JVM answers in about 0.6 s instead of 2 s on 2 cores, well
# inside the 5 seconds the SDK waits. Only a speed-up: if recording fails, the server runs without it.
record_class_archive() {
  local port pid tries=0
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})') || return 1
  java "${jvm_flags[@]}" -XX:ArchiveClassesAtExit="$cache/classes.jsa" \
    -cp "$classpath" io.temporal.testserver.TestServer "$port" </dev/null >/dev/null 2>&1 &
  pid=$!
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if (( ++tries > 600 )) || ! kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; return 1
    fi
    sleep 0.1
  done
  kill -TERM "$pid"  # a normal JVM exit is what writes the archive
  wait "$pid" 2>/dev/null || true
  [[ -s "$cache/classes.jsa" ]]
}
if record_class_archive; then
  jvm_flags+=(-XX:SharedArchiveFile="$cache/classes.jsa")
else
  rm -f "$cache/classes.jsa"
  echo "setup: could not record the test server's class-data archive; it will start slower" >&2
fi

# Written last: its presence means the install is complete. exec, so that the process the SDK kills
# at teardown is the JVM itself.
{
  echo '#!/usr/bin/env bash'
  echo '# Temporal Java test server: temporal-test-server <port> [--enable-time-skipping]'
  printf 'exec java %s -cp %q io.temporal.testserver.TestServer "$@"\n' "$(printf '%q ' "${jvm_flags[@]}")" "$classpath"
} >"$wrapper.partial"
chmod +x "$wrapper.partial"
mv "$wrapper.partial" "$wrapper"
echo "setup: Temporal test server at $wrapper" >&2
