#!/usr/bin/env bash
# Local Kafka (KRaft, single JVM) + Elasticsearch (integ-test-zip) for Geiger development and tests.
# Everything is fetched through Maven from Maven Central into ~/.m2 and unpacked under $GEIGER_INFRA_DIR.
#
#   infra.sh up     [kafka|es|all|es-secure]  fetch if needed, start (in parallel for `all`), wait until healthy
#   infra.sh down   [kafka|es|esN|all|es-secure] SIGTERM, then SIGKILL after a timeout (esN = one node)
#   infra.sh status [kafka|es|all|es-secure]  one line per engine/node; exit 0 only if all requested are up
#   infra.sh kill   kafka|es|es1|es2|es-secure SIGKILL (fault injection); es = every ES node
#   infra.sh fetch  [kafka|es|all]   only download/unpack
#
# ES_NODES=2 up es starts a 2-node cluster. `es-secure` is an opt-in extra node with HTTPS + basic auth + API
# keys on ES_SECURE_PORT (29300); `all` never starts it, `down all` stops it too. See deploy/local/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

KAFKA_VERSION="3.9.1"
ES_VERSION="${ES_VERSION:-8.19.16}"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
ES_PORT="${ES_PORT:-9200}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-9300}"
ES_NODES_EXPLICIT="${ES_NODES:+yes}"
ES_NODES="${ES_NODES:-1}"
GEIGER_INFRA_DIR="${GEIGER_INFRA_DIR:-/var/tmp/geiger-infra}"
KAFKA_HEAP="${KAFKA_HEAP:--Xmx512m -Xms256m}"
ES_HEAP="${ES_HEAP:--Xms512m -Xmx512m}"
ES_USER="${ES_USER:-geiger-es}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-180}"
STOP_TIMEOUT="${STOP_TIMEOUT:-30}"
# Optional transport security (off by default): a SASL_SSL (SCRAM-SHA-256/512) Kafka listener on this port.
KAFKA_SASL_SSL_PORT="${KAFKA_SASL_SSL_PORT:-}"
KAFKA_SASL_USER="${KAFKA_SASL_USER:-geiger}"

D="$GEIGER_INFRA_DIR"
LOGS="$D/logs"
RUN="$D/run"
KDIR="$D/kafka"
EDIR="$D/es"
ES_RUN="$EDIR/run"              # owned by $ES_USER: ES writes its own pid file here
ES_HOME="$EDIR/dist/elasticsearch-$ES_VERSION"

say() { printf '[%s] %s\n' "${ENGINE:-infra}" "$*"; }
err() { printf '[%s] ERROR: %s\n' "${ENGINE:-infra}" "$*" >&2; }
die() { err "$*"; exit 1; }

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

# ---------------------------------------------------------------- prerequisites
find_java_home() {
  local j
  if [[ -n "${GEIGER_JAVA_HOME:-}" ]]; then echo "$GEIGER_JAVA_HOME"; return; fi
  if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then echo "$JAVA_HOME"; return; fi
  if [[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]]; then echo /usr/lib/jvm/java-17-openjdk-amd64; return; fi
  j="$(command -v java 2>/dev/null || true)"
  [[ -n "$j" ]] || return 1
  j="$(readlink -f "$j")"
  dirname "$(dirname "$j")"
}

require_java() {
  JAVA_HOME_RESOLVED="$(find_java_home || true)"
  if [[ -z "$JAVA_HOME_RESOLVED" || ! -x "$JAVA_HOME_RESOLVED/bin/java" ]]; then
    die "java not found. Install a JDK 17+ (e.g. 'apt-get install -y openjdk-17-jdk-headless') or set GEIGER_JAVA_HOME/JAVA_HOME."
  fi
  JAVA="$JAVA_HOME_RESOLVED/bin/java"
}

require_mvn() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found; it is needed to fetch Kafka/Elasticsearch from Maven Central. Install it (e.g. 'apt-get install -y maven')."
}

require_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found; install it (e.g. 'apt-get install -y $2')."
}

init_dirs() {
  mkdir -p "$D" "$LOGS" "$RUN"
  chmod 755 "$D" "$LOGS" "$RUN"
}

# ---------------------------------------------------------------- process helpers
# alive = exists and is not a zombie (an unreaped dead child still answers kill -0)
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  [[ "$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null)" != Z ]]
}

# pid_matches PID NEEDLE: the process is alive and its command line mentions NEEDLE (guards against pid reuse)
pid_matches() {
  local pid="$1" needle="$2"
  pid_alive "$pid" || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$needle"
}

read_pid() { [[ -s "$1" ]] && tr -dc '0-9' <"$1" || true; }

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# stop_pid PID NAME: SIGTERM, wait up to $STOP_TIMEOUT, then SIGKILL
stop_pid() {
  local pid="$1" name="$2" i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.2
  done
  say "$name (pid $pid) did not stop after ${STOP_TIMEOUT}s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do pid_alive "$pid" || return 0; sleep 0.1; done
  err "$name (pid $pid) is still alive after SIGKILL"
  return 1
}

rss_of() { awk '/^VmRSS/ {printf "%dMiB", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

tail_log() {
  local f="$1"
  if [[ -f "$f" ]]; then
    err "last 40 lines of $f:"
    tail -n 40 "$f" | sed 's/^/    /' >&2
  else
    err "no log file at $f"
  fi
}

rotate_log() {
  if [[ -f "$1" ]]; then mv -f "$1" "$1.prev"; fi
  : >"$1"
}

# ================================================================ optional TLS material
TLS_DIR="$D/tls"

# A local CA, one server certificate (SAN 127.0.0.1 + localhost) and one client certificate, PEM + PKCS12,
# generated once per $GEIGER_INFRA_DIR, plus passwords for the keystore and the Kafka SCRAM user.
tls_ensure() {
  [[ -f "$TLS_DIR/.complete" ]] && return 0
  require_cmd openssl openssl
  mkdir -p "$TLS_DIR"
  chmod 755 "$TLS_DIR"
  (
    cd "$TLS_DIR"
    umask 022
    for f in keystore kafka-sasl; do head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$f.password"; done
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=geiger-local-ca" -keyout ca.key -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile server.ext -out server.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=geiger-client" -keyout client.key -out client.csr 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile client.ext -out client.pem 2>/dev/null
    openssl pkcs12 -export -in server.pem -inkey server.key -certfile ca.pem -name server \
      -passout "pass:$(cat keystore.password)" -out server.p12
    rm -f ./*.csr ./*.ext ./*.srl
    chmod 644 ./*.pem ./*.p12 ./*.key ./*.password
  ) || die "openssl could not generate the TLS material in $TLS_DIR"
  touch "$TLS_DIR/.complete"
  say "generated a local CA, server and client certificates in $TLS_DIR"
}

# ================================================================ Kafka
KAFKA_PIDFILE="$RUN/kafka.pid"
KAFKA_LOG="$LOGS/kafka.log"
KAFKA_LIBS="$KDIR/libs"
KAFKA_CONF="$KDIR/config"
KAFKA_DATA="$KDIR/data"
KAFKA_MARK="kafka.Kafka $KAFKA_CONF/server.properties"

kafka_pid() {
  local pid
  pid="$(read_pid "$KAFKA_PIDFILE")"
  if [[ -n "$pid" ]] && pid_matches "$pid" "$KAFKA_MARK"; then echo "$pid"; fi
}

kafka_fetch() {
  local stamp="$KAFKA_LIBS/.complete-$KAFKA_VERSION" tmp
  [[ -f "$stamp" ]] && return 0
  require_mvn
  say "fetching Kafka $KAFKA_VERSION jars through Maven (cached in ~/.m2)"
  tmp="$KDIR/libs.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! (cd "$SCRIPT_DIR/kafka" && mvn -q -B -f pom.xml dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$tmp" >"$LOGS/kafka-fetch.log" 2>&1); then
    tail_log "$LOGS/kafka-fetch.log"
    rm -rf "$tmp"
    die "mvn could not fetch Kafka $KAFKA_VERSION"
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "kafka_2.13-$KAFKA_VERSION.jar missing after mvn copy-dependencies"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  touch "$stamp"
}

kafka_write_config() {
  mkdir -p "$KAFKA_CONF" "$KAFKA_DATA"
  local listeners="PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT"
  local advertised="PLAINTEXT://127.0.0.1:$KAFKA_PORT" protocols="PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
  if [[ -n "$KAFKA_SASL_SSL_PORT" ]]; then
    listeners+=",SASL_SSL://127.0.0.1:$KAFKA_SASL_SSL_PORT"
    advertised+=",SASL_SSL://127.0.0.1:$KAFKA_SASL_SSL_PORT"
    protocols+=",SASL_SSL:SASL_SSL"
  fi
  cat >"$KAFKA_CONF/server.properties" <<EOF
# generated by deploy/local/infra.sh; rewritten on every start
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=$listeners
advertised.listeners=$advertised
listener.security.protocol.map=$protocols
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$KAFKA_DATA
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
num.network.threads=2
num.io.threads=4
log.retention.hours=24
log.segment.bytes=67108864
log.retention.check.interval.ms=60000
EOF
  if [[ -n "$KAFKA_SASL_SSL_PORT" ]]; then
    tls_ensure
    cat >>"$KAFKA_CONF/server.properties" <<EOF
# SASL_SSL listener (KAFKA_SASL_SSL_PORT): TLS with the local CA's server certificate, SCRAM-SHA-256/512 users
sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$TLS_DIR/server.p12
ssl.keystore.password=$(cat "$TLS_DIR/keystore.password")
ssl.key.password=$(cat "$TLS_DIR/keystore.password")
ssl.client.auth=none
EOF
  fi
  cat >"$KAFKA_CONF/log4j.properties" <<'EOF'
# generated by deploy/local/infra.sh. Everything goes to stdout, which infra.sh redirects to logs/kafka.log.
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel$=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.org.apache.kafka.clients=WARN
EOF
}

kafka_format() {
  local id_file="$KDIR/cluster-id" id
  if [[ -f "$KAFKA_DATA/meta.properties" ]]; then return 0; fi
  if [[ ! -s "$id_file" ]]; then
    # 16 random bytes, base64url without padding = 22 chars, the format Kafka's Uuid uses
    head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22 >"$id_file"
  fi
  id="$(cat "$id_file")"
  say "formatting KRaft storage (cluster id $id)"
  if ! "$JAVA" -Xmx256m -cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$KAFKA_CONF/log4j.properties" \
      kafka.tools.StorageTool format -t "$id" -c "$KAFKA_CONF/server.properties" --ignore-formatted \
      >>"$KAFKA_LOG" 2>&1; then
    tail_log "$KAFKA_LOG"
    die "kafka storage format failed"
  fi
}

kafka_healthy() {
  local pid
  pid="$(kafka_pid)"
  [[ -n "$pid" ]] && port_open "$KAFKA_PORT"
}

kafka_wait() {
  local pid="$1" start="$2" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! pid_alive "$pid"; then
      tail_log "$KAFKA_LOG"
      die "Kafka exited during startup"
    fi
    if grep -q "Kafka Server started" "$KAFKA_LOG" 2>/dev/null && port_open "$KAFKA_PORT"; then
      say "Kafka $KAFKA_VERSION ready on 127.0.0.1:$KAFKA_PORT (pid $pid) after $((SECONDS - start))s"
      return 0
    fi
    sleep 0.5
  done
  tail_log "$KAFKA_LOG"
  die "Kafka did not become healthy within ${KAFKA_START_TIMEOUT}s"
}

# Creates/updates the SCRAM-SHA-256 and -512 credentials of $KAFKA_SASL_USER through the PLAINTEXT listener
# (idempotent; KRaft keeps them in the metadata log, so they survive restarts).
kafka_ensure_scram() {
  [[ -n "$KAFKA_SASL_SSL_PORT" ]] || return 0
  tls_ensure
  local pw="${KAFKA_SASL_PASSWORD:-$(cat "$TLS_DIR/kafka-sasl.password")}"
  local mech
  # one mechanism per request: the broker refuses two credential changes for one user in the same request
  for mech in "SCRAM-SHA-256=[iterations=8192,password=$pw]" "SCRAM-SHA-512=[iterations=8192,password=$pw]"; do
    if ! "$JAVA" -Xmx256m -cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$KAFKA_CONF/log4j.properties" kafka.admin.ConfigCommand \
        --bootstrap-server "127.0.0.1:$KAFKA_PORT" --alter --entity-type users --entity-name "$KAFKA_SASL_USER" \
        --add-config "$mech" >>"$KAFKA_LOG" 2>&1; then
      tail_log "$KAFKA_LOG"
      die "could not create the SCRAM user $KAFKA_SASL_USER"
    fi
  done
  port_open "$KAFKA_SASL_SSL_PORT" || die "SASL_SSL port $KAFKA_SASL_SSL_PORT is not open: Kafka runs without it; 'infra.sh down kafka' first"
  say "SASL_SSL listener on 127.0.0.1:$KAFKA_SASL_SSL_PORT (SCRAM user $KAFKA_SASL_USER, CA $TLS_DIR/ca.pem)"
}

kafka_up() {
  ENGINE=kafka
  local pid start=$SECONDS
  require_java
  pid="$(kafka_pid)"
  if [[ -n "$pid" ]]; then
    if port_open "$KAFKA_PORT"; then
      say "already up on 127.0.0.1:$KAFKA_PORT (pid $pid), nothing to do"
      kafka_ensure_scram
      return 0
    fi
    say "already starting (pid $pid), waiting"
    kafka_wait "$pid" "$start"
    kafka_ensure_scram
    return 0
  fi
  [[ -f "$KAFKA_PIDFILE" ]] && { say "removing stale pid file"; rm -f "$KAFKA_PIDFILE"; }
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "port $p is in use by a process not managed from $D ($(ss -ltnpH "sport = :$p" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1)); set KAFKA_PORT/KAFKA_CONTROLLER_PORT or stop it"
    fi
  done
  mkdir -p "$KDIR"
  kafka_fetch
  kafka_write_config
  rotate_log "$KAFKA_LOG"
  kafka_format
  say "starting Kafka $KAFKA_VERSION (KRaft broker+controller) on 127.0.0.1:$KAFKA_PORT, controller :$KAFKA_CONTROLLER_PORT"
  # shellcheck disable=SC2086
  (cd "$KDIR" && exec setsid nohup "$JAVA" $KAFKA_HEAP -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dlog4j.configuration="file:$KAFKA_CONF/log4j.properties" -Dkafka.logs.dir="$LOGS" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF/server.properties" \
      >>"$KAFKA_LOG" 2>&1 </dev/null 9>&-) &
  pid=$!
  echo "$pid" >"$KAFKA_PIDFILE"
  kafka_wait "$pid" "$start"
  kafka_ensure_scram
}

kafka_down() {
  ENGINE=kafka
  local pid
  pid="$(kafka_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$KAFKA_PIDFILE"
    say "not running"
    return 0
  fi
  say "stopping (pid $pid)"
  stop_pid "$pid" kafka
  rm -f "$KAFKA_PIDFILE"
  say "stopped"
}

kafka_kill() {
  ENGINE=kafka
  local pid
  pid="$(kafka_pid)"
  if [[ -z "$pid" ]]; then say "not running"; return 0; fi
  kill -KILL "$pid" 2>/dev/null || true
  say "killed -9 pid $pid"
}

kafka_status() {
  local pid
  pid="$(kafka_pid)"
  if [[ -n "$pid" ]] && port_open "$KAFKA_PORT"; then
    printf 'kafka   up    port=%s pid=%s version=%s rss=%s\n' "$KAFKA_PORT" "$pid" "$KAFKA_VERSION" "$(rss_of "$pid")"
    return 0
  elif [[ -n "$pid" ]]; then
    printf 'kafka   down  port=%s pid=%s version=%s (process alive, port not accepting: starting or hung)\n' "$KAFKA_PORT" "$pid" "$KAFKA_VERSION"
  else
    printf 'kafka   down  port=%s pid=- version=%s\n' "$KAFKA_PORT" "$KAFKA_VERSION"
  fi
  return 1
}

# ================================================================ Elasticsearch
ES_MODE_FILE="$RUN/es.mode"

es_mode_name() { if [[ "$1" == 1 ]]; then echo single; else echo "cluster$1"; fi; }
es_node_dir() { echo "$EDIR/$(es_mode_name "$1")/node-$2"; } # NODES N
es_http_port() { echo $((ES_PORT + $1 - 1)); }
es_transport_port() { echo $((ES_TRANSPORT_PORT + $1 - 1)); }
es_log() { if [[ "$1" == 1 ]]; then echo "$LOGS/elasticsearch.log"; else echo "$LOGS/elasticsearch-$1.log"; fi; }
es_pidfile() { echo "$ES_RUN/es-$1.pid"; }
es_launcher_pidfile() { echo "$RUN/es-$1.launcher.pid"; }

# server JVM pid of node N (validated), or nothing
es_pid() {
  local pid
  pid="$(read_pid "$(es_pidfile "$1")")"
  if [[ -n "$pid" ]] && pid_matches "$pid" "org.elasticsearch" && pid_matches "$pid" "$EDIR/"; then echo "$pid"; fi
}
es_launcher_pid() {
  local pid
  pid="$(read_pid "$(es_launcher_pidfile "$1")")"
  if [[ -n "$pid" ]] && pid_matches "$pid" "$EDIR/"; then echo "$pid"; fi
}

# node numbers that have a pid file (running or stale)
es_known_nodes() {
  local f n
  for f in "$ES_RUN"/es-*.pid "$RUN"/es-*.launcher.pid; do
    [[ -e "$f" ]] || continue
    n="${f##*/es-}"; n="${n%%.*}"
    echo "$n"
  done | sort -un
}

es_as_user() {
  if [[ $EUID -eq 0 ]]; then runuser -u "$ES_USER" -- "$@"; else "$@"; fi
}

es_ensure_user() {
  [[ $EUID -eq 0 ]] || return 0
  if ! id -u "$ES_USER" >/dev/null 2>&1; then
    say "creating system user $ES_USER (Elasticsearch refuses to run as root)"
    useradd -r -M -d "$EDIR" -s /usr/sbin/nologin "$ES_USER"
  fi
}

es_fetch() {
  local stamp="$ES_HOME/.complete" zip tmp m2
  [[ -f "$stamp" ]] && return 0
  require_mvn
  require_cmd unzip unzip
  m2="$(mvn -q -B help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || true)"
  [[ -n "$m2" && -d "$m2" ]] || m2="$HOME/.m2/repository"
  zip="$m2/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
  if [[ ! -f "$zip" ]]; then
    say "fetching Elasticsearch $ES_VERSION integ-test-zip through Maven (cached in ~/.m2, ~100 MB)"
    if ! (cd "$SCRIPT_DIR" && mvn -q -B dependency:get -Dtransitive=false \
          -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
          >"$LOGS/es-fetch.log" 2>&1); then
      tail_log "$LOGS/es-fetch.log"
      die "mvn could not fetch org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip (set ES_VERSION to another 8.19.x)"
    fi
  fi
  [[ -f "$zip" ]] || die "expected $zip after mvn dependency:get"
  say "unpacking $zip"
  tmp="$EDIR/dist.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp" "$EDIR/dist"
  unzip -q "$zip" -d "$tmp"
  rm -rf "$ES_HOME"
  mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
  rm -rf "$tmp"
  touch "$stamp"
}

# es_seed_node_dir DIR: data/logs/tmp dirs and a copy of the distribution's config (once) for one node
es_seed_node_dir() {
  local nd="$1" conf="$1/config"
  mkdir -p "$nd/data" "$nd/logs" "$nd/tmp" "$conf"
  if [[ ! -f "$conf/jvm.options" ]]; then
    cp -r "$ES_HOME/config/." "$conf/"
    # the zip's jvm.options writes gc.log relative to the working directory; pin it to the node's log dir
    sed -i -e "s#file=gc.log#file=$nd/logs/gc.log#" -e 's#filecount=32,filesize=64m#filecount=2,filesize=16m#' \
      -e "s#-XX:ErrorFile=hs_err_pid%p.log#-XX:ErrorFile=$nd/logs/hs_err_pid%p.log#" "$conf/jvm.options"
  fi
}

es_write_node_config() { # NODES N
  local nodes="$1" n="$2" nd conf i seeds=""
  nd="$(es_node_dir "$nodes" "$n")"
  conf="$nd/config"
  es_seed_node_dir "$nd"
  {
    echo "# generated by deploy/local/infra.sh; rewritten on every start"
    echo "cluster.name: geiger-local-$(es_mode_name "$nodes")"
    echo "node.name: geiger-es-$n"
    echo "path.data: $nd/data"
    echo "path.logs: $nd/logs"
    echo "network.host: 127.0.0.1"
    echo "http.port: $(es_http_port "$n")"
    echo "transport.port: $(es_transport_port "$n")"
    if [[ "$nodes" == 1 ]]; then
      echo "discovery.type: single-node"
    else
      # Node 1 is the only master-eligible node, the others hold data only: killing node 2+ (fault tests)
      # leaves a working yellow cluster, whereas two master-eligible nodes would lose quorum half the time.
      for ((i = 1; i <= nodes; i++)); do
        seeds+="${seeds:+, }\"127.0.0.1:$(es_transport_port "$i")\""
      done
      echo "discovery.seed_hosts: [$seeds]"
      echo "cluster.initial_master_nodes: [\"geiger-es-1\"]"
      if [[ "$n" != 1 ]]; then echo "node.roles: [data]"; fi
    fi
    echo "xpack.security.enabled: false"
    echo "cluster.routing.allocation.disk.threshold_enabled: false"
    echo "action.destructive_requires_name: false"
  } >"$conf/elasticsearch.yml"
}

es_node_healthy() { # N [wait_for_nodes]
  local port code
  port="$(es_http_port "$1")"
  code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' \
    "http://127.0.0.1:$port/_cluster/health?wait_for_status=yellow&timeout=2s${2:+&wait_for_nodes=$2}" 2>/dev/null || true)"
  [[ "$code" == 200 ]]
}

es_version_of() { # N -> version reported by the node (GET / answers 405 on the integ-test-zip), else the pinned one
  local v
  v="$(curl -s -m 3 "http://127.0.0.1:$(es_http_port "$1")/_nodes/_local?filter_path=nodes.*.version" 2>/dev/null \
    | grep -o '"version" *: *"[^"]*"' | head -1 | sed 's/.*"\([^"]*\)"$/\1/' || true)"
  echo "${v:-$ES_VERSION}"
}

# es_launch DIR PIDFILE LAUNCHER_PIDFILE LOG HEAP [HOME]: starts one node in the background
es_launch() {
  local nd="$1" pidfile="$2" lpidfile="$3" log="$4" heap="$5" home="${6:-$ES_HOME}" runas=()
  if [[ $EUID -eq 0 ]]; then runas=("$(command -v runuser)" -u "$ES_USER" --); fi
  rm -f "$pidfile" "$lpidfile"
  rotate_log "$log"
  # Foreground mode (not -d) so the console log lands in $log; -p makes ES write the server JVM's pid.
  (cd "$nd" && { ulimit -n 65535 2>/dev/null || true; } && exec setsid nohup env \
      ES_JAVA_HOME="$JAVA_HOME_RESOLVED" ES_PATH_CONF="$nd/config" ES_TMPDIR="$nd/tmp" \
      ES_JAVA_OPTS="$heap ${ES_EXTRA_JAVA_OPTS:-}" \
      "${runas[@]}" "$home/bin/elasticsearch" -p "$pidfile" \
      >>"$log" 2>&1 </dev/null 9>&-) &
  echo "$!" >"$lpidfile"
}

es_start_node() { # NODES N
  local nodes="$1" n="$2"
  say "starting node $n: http 127.0.0.1:$(es_http_port "$n"), transport :$(es_transport_port "$n")"
  es_launch "$(es_node_dir "$nodes" "$n")" "$(es_pidfile "$n")" "$(es_launcher_pidfile "$n")" "$(es_log "$n")" "$ES_HEAP"
}

es_wait() { # NODES START
  local nodes="$1" start="$2" deadline=$((SECONDS + ES_START_TIMEOUT)) n alive
  while ((SECONDS < deadline)); do
    for ((n = 1; n <= nodes; n++)); do
      # the launcher pid is ours and fresh; its cmdline may still be this script's right after the fork
      alive="$(es_pid "$n")"
      pid_alive "$(read_pid "$(es_launcher_pidfile "$n")")" && alive+=L
      if [[ -z "$alive" ]]; then
        tail_log "$(es_log "$n")"
        die "Elasticsearch node $n exited during startup"
      fi
    done
    if es_node_healthy 1 "$([[ $nodes -gt 1 ]] && echo "$nodes" || true)"; then
      for ((n = 1; n <= nodes; n++)); do
        say "Elasticsearch $(es_version_of 1) node $n ready on http://127.0.0.1:$(es_http_port "$n") (pid $(es_pid "$n")) after $((SECONDS - start))s"
      done
      return 0
    fi
    sleep 1
  done
  for ((n = 1; n <= nodes; n++)); do tail_log "$(es_log "$n")"; done
  die "Elasticsearch did not reach yellow within ${ES_START_TIMEOUT}s"
}

es_up() {
  ENGINE=es
  local start=$SECONDS n running_mode="" any_alive="" p missing=""
  [[ "$ES_NODES" =~ ^[1-9]$ ]] || die "ES_NODES must be 1..9 (got '$ES_NODES')"
  require_java
  require_cmd curl curl
  [[ -f "$ES_MODE_FILE" ]] && running_mode="$(cat "$ES_MODE_FILE")"
  for n in $(es_known_nodes); do
    if [[ -n "$(es_pid "$n")$(es_launcher_pid "$n")" ]]; then any_alive=1; fi
  done
  if [[ -n "$any_alive" ]]; then
    # without an explicit ES_NODES, adopt whatever layout is running
    if [[ -z "$ES_NODES_EXPLICIT" && -n "$running_mode" ]]; then ES_NODES="$running_mode"; fi
    if [[ -n "$running_mode" && "$running_mode" != "$ES_NODES" ]]; then
      die "Elasticsearch is running with ES_NODES=$running_mode; run 'infra.sh down es' first to switch to ES_NODES=$ES_NODES"
    fi
    for ((n = 1; n <= ES_NODES; n++)); do [[ -n "$(es_pid "$n")$(es_launcher_pid "$n")" ]] || missing+=" $n"; done
    if [[ -z "$missing" ]]; then
      if es_node_healthy 1 "$([[ $ES_NODES -gt 1 ]] && echo "$ES_NODES" || true)"; then
        say "already up on http://127.0.0.1:$ES_PORT ($ES_NODES node(s), pid $(es_pid 1)), nothing to do"
        return 0
      fi
      say "already starting, waiting"
      es_wait "$ES_NODES" "$start"
      return 0
    fi
    say "restarting missing node(s):$missing"
  else
    missing=""
    for ((n = 1; n <= ES_NODES; n++)); do missing+=" $n"; done
    for n in $(es_known_nodes); do say "removing stale pid files of node $n"; rm -f "$(es_pidfile "$n")" "$(es_launcher_pidfile "$n")"; done
  fi
  for n in $missing; do
    for p in "$(es_http_port "$n")" "$(es_transport_port "$n")"; do
      if port_open "$p"; then
        die "port $p is in use by a process not managed from $D ($(ss -ltnpH "sport = :$p" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1)); set ES_PORT/ES_TRANSPORT_PORT or stop it"
      fi
    done
  done
  mkdir -p "$EDIR"
  chmod 755 "$EDIR"
  es_fetch
  es_ensure_user
  mkdir -p "$ES_RUN"
  for n in $missing; do es_write_node_config "$ES_NODES" "$n"; done
  if [[ $EUID -eq 0 ]]; then chown -R "$ES_USER:" "$EDIR"; fi
  echo "$ES_NODES" >"$ES_MODE_FILE"
  for n in $missing; do es_start_node "$ES_NODES" "$n"; done
  es_wait "$ES_NODES" "$start"
}

es_stop_node() { # N
  local n="$1" pid lpid
  pid="$(es_pid "$n")"
  lpid="$(es_launcher_pid "$n")"
  if [[ -z "$pid$lpid" ]]; then
    rm -f "$(es_pidfile "$n")" "$(es_launcher_pidfile "$n")"
    return 0
  fi
  say "stopping node $n (server pid ${pid:--}, launcher pid ${lpid:--})"
  if [[ -n "$pid" ]]; then stop_pid "$pid" "elasticsearch node $n"; fi
  # the CLI launcher exits by itself once the server is gone
  if [[ -n "$lpid" ]]; then stop_pid "$lpid" "elasticsearch launcher $n"; fi
  rm -f "$(es_pidfile "$n")" "$(es_launcher_pidfile "$n")"
}

es_down() {
  ENGINE=es
  local n nodes
  nodes="$(es_known_nodes)"
  if [[ -z "$nodes" ]]; then say "not running"; rm -f "$ES_MODE_FILE"; return 0; fi
  # stop higher nodes first so node 1 stays master until the end
  for n in $(echo "$nodes" | sort -rn); do es_stop_node "$n"; done
  rm -f "$ES_MODE_FILE"
  say "stopped"
}

es_kill() { # [N]
  ENGINE=es
  local n nodes="${1:-$(es_known_nodes)}" pid lpid
  for n in $nodes; do
    pid="$(es_pid "$n")"
    lpid="$(es_launcher_pid "$n")"
    if [[ -z "$pid$lpid" ]]; then say "node $n not running"; continue; fi
    [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null || true
    [[ -n "$lpid" ]] && kill -KILL "$lpid" 2>/dev/null || true
    say "killed -9 node $n (server pid ${pid:--}, launcher pid ${lpid:--})"
  done
  [[ -n "$nodes" ]] || say "not running"
}

es_status() {
  local n nodes pid lpid rc=0 port mode cli
  mode="$( [[ -f "$ES_MODE_FILE" ]] && cat "$ES_MODE_FILE" || echo 1)"
  nodes="$( { seq 1 "$mode"; es_known_nodes; } | sort -un)"
  for n in $nodes; do
    pid="$(es_pid "$n")"
    lpid="$(es_launcher_pid "$n")"
    port="$(es_http_port "$n")"
    if [[ -n "$pid" ]] && es_node_healthy "$n"; then
      # process tree: runuser (launcher pid) -> CLI JVM (ppid of the server) -> server JVM
      cli="$(awk '/^PPid:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
      printf 'es%-5s up    port=%s pid=%s version=%s rss=%s cli-jvm-rss=%s nodes=%s\n' \
        "$([[ $n -gt 1 ]] && echo "-$n" || true)" "$port" "$pid" "$(es_version_of "$n")" "$(rss_of "$pid")" \
        "$( [[ -n "$cli" && "$cli" != 1 ]] && rss_of "$cli" || echo -)" "$mode"
    else
      printf 'es%-5s down  port=%s pid=%s version=%s%s\n' "$([[ $n -gt 1 ]] && echo "-$n" || true)" "$port" "${pid:--}" "$ES_VERSION" \
        "$([[ -n "$pid$lpid" ]] && echo ' (process alive, not healthy: starting or hung)' || true)"
      rc=1
    fi
  done
  return $rc
}

# ================================================================ optional secured Elasticsearch
# A separate single node with security on (opt-in: `up es-secure`; never part of `up all`): HTTPS with the local
# CA's server certificate (tls_ensure), a file-realm superuser for basic auth, API keys enabled. Own ports, dirs,
# pid files and log; the plain node(s) above are untouched.
#
# API keys live in the .security index, whose settings define an `email` analyzer built from analysis-common
# components (pattern_capture, uax_url_email, lowercase, unique). The integ-test-zip lacks that module, so creating
# the index fails with "Unknown filter type [pattern_capture]". The secured node therefore runs from its own
# hard-linked copy of the distribution with a tiny plugin, compiled here from the Lucene classes the zip ships,
# that provides exactly those four components. A full distribution needs none of this.
ES_SECURE_PORT="${ES_SECURE_PORT:-29300}"
ES_SECURE_TRANSPORT_PORT="${ES_SECURE_TRANSPORT_PORT:-29301}"
ES_SECURE_HEAP="${ES_SECURE_HEAP:--Xms256m -Xmx256m}"
ES_SECURE_USER="${ES_SECURE_USER:-geiger}"
ES_SECURE_DIR="$EDIR/secure"
# not named es-*: es_known_nodes globs those as numbered nodes
ES_SECURE_PIDFILE="$ES_RUN/secure.pid"
ES_SECURE_LAUNCHER_PIDFILE="$RUN/secure-es.launcher.pid"
ES_SECURE_LOG="$LOGS/elasticsearch-secure.log"
ES_SECURE_PASSWORD_FILE="$TLS_DIR/es-secure.password"
ES_SECURE_HOME="$ES_SECURE_DIR/home/elasticsearch-$ES_VERSION"

es_secure_pid() {
  local pid
  pid="$(read_pid "$ES_SECURE_PIDFILE")"
  if [[ -n "$pid" ]] && pid_matches "$pid" "org.elasticsearch" && pid_matches "$pid" "$ES_SECURE_DIR/"; then echo "$pid"; fi
}
es_secure_launcher_pid() {
  local pid
  pid="$(read_pid "$ES_SECURE_LAUNCHER_PIDFILE")"
  if [[ -n "$pid" ]] && pid_matches "$pid" "$ES_SECURE_DIR/"; then echo "$pid"; fi
}
es_secure_known() { [[ -e "$ES_SECURE_PIDFILE" || -e "$ES_SECURE_LAUNCHER_PIDFILE" ]]; }

es_secure_password() {
  if [[ -n "${ES_SECURE_PASSWORD:-}" ]]; then echo "$ES_SECURE_PASSWORD"; else cat "$ES_SECURE_PASSWORD_FILE" 2>/dev/null || true; fi
}

# curl against the secured node: CA-verified, credentials through a config on stdin (not on the command line)
es_secure_curl() { # PATH [curl args…]
  local path="$1"
  shift
  printf 'user = "%s:%s"\n' "$ES_SECURE_USER" "$(es_secure_password)" \
    | curl -s -m 5 -K - --cacert "$TLS_DIR/ca.pem" "$@" "https://127.0.0.1:$ES_SECURE_PORT$path"
}

es_secure_healthy() {
  [[ "$(es_secure_curl '/_cluster/health?wait_for_status=yellow&timeout=2s' -o /dev/null -w '%{http_code}' 2>/dev/null || true)" == 200 ]]
}

# The plugin's source; compiled against the distribution's own jars (needs javac, i.e. a JDK).
es_secure_plugin_source() {
  cat <<'JAVA'
package geiger.es;

import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/** The analysis components of the .security index's `email` analyzer (analysis-common is not in the integ-test-zip). */
public class SecurityIndexAnalysisPlugin extends Plugin implements AnalysisPlugin {
    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "pattern_capture", AnalysisPlugin.requiresAnalysisSettings((indexSettings, env, name, settings) -> {
                boolean preserve = settings.getAsBoolean("preserve_original", true);
                Pattern[] patterns = settings.getAsList("patterns").stream().map(Pattern::compile).toArray(Pattern[]::new);
                return new AbstractTokenFilterFactory(name, settings) {
                    @Override
                    public TokenStream create(TokenStream in) { return new PatternCaptureGroupTokenFilter(in, preserve, patterns); }
                };
            }),
            "lowercase", (indexSettings, env, name, settings) -> new AbstractTokenFilterFactory(name, settings) {
                @Override
                public TokenStream create(TokenStream in) { return new LowerCaseFilter(in); }
            },
            // per-position de-duplication: enough for the email analyzer (ES's `unique` also drops later repeats)
            "unique", (indexSettings, env, name, settings) -> new AbstractTokenFilterFactory(name, settings) {
                @Override
                public TokenStream create(TokenStream in) { return new RemoveDuplicatesTokenFilter(in); }
            });
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("uax_url_email", (indexSettings, env, name, settings) -> new AbstractTokenizerFactory(indexSettings, settings, name) {
            @Override
            public Tokenizer create() { return new UAX29URLEmailTokenizer(); }
        });
    }
}
JAVA
}

# The secured node's distribution: a hard-linked copy of $ES_HOME (no extra disk) plus the plugin above.
es_secure_build_home() {
  local stamp build="$ES_SECURE_DIR/plugin-build" plug
  # keyed by the plugin source, so an edited plugin is rebuilt
  stamp="$ES_SECURE_HOME/.complete-$(es_secure_plugin_source | cksum | cut -d' ' -f1)"
  [[ -f "$stamp" ]] && return 0
  [[ -x "$JAVA_HOME_RESOLVED/bin/javac" ]] || die "javac not found in $JAVA_HOME_RESOLVED: the secured node needs a JDK (e.g. 'apt-get install -y openjdk-17-jdk-headless')"
  say "preparing the secured node's distribution in $ES_SECURE_HOME"
  rm -rf "${ES_SECURE_DIR:?}/home" "$build"
  mkdir -p "$ES_SECURE_DIR/home" "$build/src/geiger/es" "$build/classes"
  cp -al "$ES_HOME" "$ES_SECURE_DIR/home/" 2>/dev/null || cp -a "$ES_HOME" "$ES_SECURE_DIR/home/"
  es_secure_plugin_source >"$build/src/geiger/es/SecurityIndexAnalysisPlugin.java"
  plug="$ES_SECURE_HOME/plugins/security-index-analysis"
  mkdir -p "$plug"
  if ! "$JAVA_HOME_RESOLVED/bin/javac" --release 17 -nowarn -d "$build/classes" -cp "$ES_HOME/lib/*" \
        "$build/src/geiger/es/SecurityIndexAnalysisPlugin.java" >"$build/javac.log" 2>&1 \
      || ! "$JAVA_HOME_RESOLVED/bin/jar" cf "$plug/security-index-analysis.jar" -C "$build/classes" . >>"$build/javac.log" 2>&1; then
    tail_log "$build/javac.log"
    die "could not build the security-index-analysis plugin"
  fi
  cat >"$plug/plugin-descriptor.properties" <<PROPS
description=analysis components of the .security index (analysis-common is absent from the integ-test-zip); generated by infra.sh
version=$ES_VERSION
name=security-index-analysis
classname=geiger.es.SecurityIndexAnalysisPlugin
java.version=17
elasticsearch.version=$ES_VERSION
PROPS
  touch "$stamp"
}

es_secure_write_config() {
  local conf="$ES_SECURE_DIR/config"
  es_seed_node_dir "$ES_SECURE_DIR"
  # ES reads SSL files only from inside its config dir, so the certificates are copied there
  mkdir -p "$conf/certs"
  cp -f "$TLS_DIR/ca.pem" "$TLS_DIR/server.pem" "$TLS_DIR/server.key" "$conf/certs/"
  cat >"$conf/elasticsearch.yml" <<YML
# generated by deploy/local/infra.sh (es-secure); rewritten on every start
cluster.name: geiger-local-secure
node.name: geiger-es-secure
path.data: $ES_SECURE_DIR/data
path.logs: $ES_SECURE_DIR/logs
network.host: 127.0.0.1
http.port: $ES_SECURE_PORT
transport.port: $ES_SECURE_TRANSPORT_PORT
discovery.type: single-node
xpack.security.enabled: true
xpack.security.authc.api_key.enabled: true
xpack.security.http.ssl.enabled: true
xpack.security.http.ssl.key: certs/server.key
xpack.security.http.ssl.certificate: certs/server.pem
xpack.security.http.ssl.certificate_authorities: [ "certs/ca.pem" ]
xpack.security.transport.ssl.enabled: true
xpack.security.transport.ssl.key: certs/server.key
xpack.security.transport.ssl.certificate: certs/server.pem
xpack.security.transport.ssl.certificate_authorities: [ "certs/ca.pem" ]
xpack.security.transport.ssl.verification_mode: certificate
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
YML
}

# (Re)creates the file-realm superuser. The password goes to the tool on stdin (prompt + retype), not in argv.
es_secure_ensure_user() {
  local pw out tool="$ES_SECURE_HOME/bin/elasticsearch-users"
  if [[ -z "${ES_SECURE_PASSWORD:-}" && ! -s "$ES_SECURE_PASSWORD_FILE" ]]; then
    (umask 022 && head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$ES_SECURE_PASSWORD_FILE")
  fi
  pw="$(es_secure_password)"
  ((${#pw} >= 6)) || die "the es-secure password must have at least 6 characters"
  if ! out="$(
    export ES_JAVA_HOME="$JAVA_HOME_RESOLVED" ES_PATH_CONF="$ES_SECURE_DIR/config"
    es_as_user "$tool" userdel "$ES_SECURE_USER" >/dev/null 2>&1 || true
    printf '%s\n%s\n' "$pw" "$pw" | es_as_user "$tool" useradd "$ES_SECURE_USER" -r superuser 2>&1
  )"; then
    printf '%s\n' "$out" | tail -n 20 | sed 's/^/    /' >&2
    die "elasticsearch-users could not create the file-realm user $ES_SECURE_USER"
  fi
}

es_secure_up() {
  ENGINE=es-secure
  local start=$SECONDS deadline p
  require_java
  require_cmd curl curl
  if [[ -n "$(es_secure_pid)$(es_secure_launcher_pid)" ]]; then
    say "already running (pid $(es_secure_pid)), waiting until healthy"
  else
    rm -f "$ES_SECURE_PIDFILE" "$ES_SECURE_LAUNCHER_PIDFILE"
    for p in "$ES_SECURE_PORT" "$ES_SECURE_TRANSPORT_PORT"; do
      if port_open "$p"; then
        die "port $p is in use by a process not managed from $D; set ES_SECURE_PORT/ES_SECURE_TRANSPORT_PORT"
      fi
    done
    mkdir -p "$EDIR"
    chmod 755 "$EDIR"
    es_fetch
    es_ensure_user
    tls_ensure
    mkdir -p "$ES_RUN"
    es_secure_write_config
    es_secure_build_home
    if [[ $EUID -eq 0 ]]; then chown -R "$ES_USER:" "$EDIR"; fi
    es_secure_ensure_user
    say "starting secured node: https 127.0.0.1:$ES_SECURE_PORT, transport :$ES_SECURE_TRANSPORT_PORT"
    es_launch "$ES_SECURE_DIR" "$ES_SECURE_PIDFILE" "$ES_SECURE_LAUNCHER_PIDFILE" "$ES_SECURE_LOG" "$ES_SECURE_HEAP" "$ES_SECURE_HOME"
  fi
  deadline=$((SECONDS + ES_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if [[ -z "$(es_secure_pid)" ]] && ! pid_alive "$(read_pid "$ES_SECURE_LAUNCHER_PIDFILE")"; then
      tail_log "$ES_SECURE_LOG"
      die "the secured Elasticsearch node exited during startup"
    fi
    if es_secure_healthy; then
      say "ready on https://127.0.0.1:$ES_SECURE_PORT (pid $(es_secure_pid)) after $((SECONDS - start))s; user $ES_SECURE_USER, password in ${ES_SECURE_PASSWORD:+\$ES_SECURE_PASSWORD}${ES_SECURE_PASSWORD:-$ES_SECURE_PASSWORD_FILE}, CA $TLS_DIR/ca.pem"
      return 0
    fi
    sleep 1
  done
  tail_log "$ES_SECURE_LOG"
  die "the secured Elasticsearch node did not reach yellow within ${ES_START_TIMEOUT}s"
}

es_secure_down() { # [quiet]: say nothing when nothing was started (down all)
  ENGINE=es-secure
  local pid lpid
  pid="$(es_secure_pid)"
  lpid="$(es_secure_launcher_pid)"
  if [[ -z "$pid$lpid" ]]; then
    if [[ -z "${1:-}" ]]; then say "not running"; fi
    rm -f "$ES_SECURE_PIDFILE" "$ES_SECURE_LAUNCHER_PIDFILE"
    return 0
  fi
  say "stopping (server pid ${pid:--}, launcher pid ${lpid:--})"
  if [[ -n "$pid" ]]; then stop_pid "$pid" "secured elasticsearch"; fi
  if [[ -n "$lpid" ]]; then stop_pid "$lpid" "secured elasticsearch launcher"; fi
  rm -f "$ES_SECURE_PIDFILE" "$ES_SECURE_LAUNCHER_PIDFILE"
  say "stopped"
}

es_secure_kill() {
  ENGINE=es-secure
  local pid lpid
  pid="$(es_secure_pid)"
  lpid="$(es_secure_launcher_pid)"
  if [[ -z "$pid$lpid" ]]; then say "not running"; return 0; fi
  if [[ -n "$pid" ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
  if [[ -n "$lpid" ]]; then kill -KILL "$lpid" 2>/dev/null || true; fi
  say "killed -9 (server pid ${pid:--}, launcher pid ${lpid:--})"
}

es_secure_status() {
  local pid
  pid="$(es_secure_pid)"
  if [[ -n "$pid" ]] && es_secure_healthy; then
    printf 'es-secure up    port=%s pid=%s version=%s rss=%s https user=%s ca=%s\n' "$ES_SECURE_PORT" "$pid" "$ES_VERSION" "$(rss_of "$pid")" "$ES_SECURE_USER" "$TLS_DIR/ca.pem"
    return 0
  fi
  local note=""
  if [[ -n "$pid$(es_secure_launcher_pid)" ]]; then note=" (process alive, not healthy: starting, hung or refusing our credentials)"; fi
  printf 'es-secure down  port=%s pid=%s%s\n' "$ES_SECURE_PORT" "${pid:--}" "$note"
  return 1
}

# ================================================================ main
cmd="${1:-}"
target="${2:-all}"
[[ -n "$cmd" ]] || usage
case "$target" in kafka | es | all | es[1-9] | es-secure) ;; *) usage ;; esac

# `down all` also stops the secured node when one was started (the fault tests' reaper relies on it)
es_down_all() { es_down; es_secure_down quiet; }

run_parallel() { # FN_KAFKA FN_ES
  local kpid epid krc=0 erc=0
  "$1" &
  kpid=$!
  "$2" &
  epid=$!
  wait "$kpid" || krc=$?
  wait "$epid" || erc=$?
  if ((krc != 0 || erc != 0)); then
    err "kafka rc=$krc, es rc=$erc"
    return 1
  fi
}

with_lock() {
  init_dirs
  require_cmd flock util-linux
  exec 9>"$D/.infra.lock"
  if ! flock -w 600 9; then die "could not lock $D/.infra.lock within 600s"; fi
  "$@"
}

case "$cmd" in
  up)
    case "$target" in
      kafka) with_lock kafka_up ;;
      es) with_lock es_up ;;
      es-secure) with_lock es_secure_up ;;
      all) with_lock run_parallel kafka_up es_up ;;
      *) usage ;;
    esac
    ;;
  down)
    case "$target" in
      kafka) with_lock kafka_down ;;
      es) with_lock es_down ;;
      es[1-9]) ENGINE=es with_lock es_stop_node "${target#es}" ;;
      es-secure) with_lock es_secure_down ;;
      all) with_lock run_parallel kafka_down es_down_all ;;
    esac
    ;;
  kill)
    case "$target" in
      kafka) kafka_kill ;;
      es) es_kill ;;
      es[1-9]) es_kill "${target#es}" ;;
      es-secure) es_secure_kill ;;
      all) kafka_kill; es_kill; if es_secure_known; then es_secure_kill; fi ;;
    esac
    ;;
  status)
    rc=0
    case "$target" in
      kafka) kafka_status || rc=1 ;;
      es | es[1-9]) es_status || rc=1 ;;
      es-secure) es_secure_status || rc=1 ;;
      all)
        kafka_status || rc=1
        es_status || rc=1
        if es_secure_known; then es_secure_status || rc=1; fi
        ;;
    esac
    exit $rc
    ;;
  fetch)
    init_dirs
    case "$target" in
      kafka) ENGINE=kafka; mkdir -p "$KDIR"; kafka_fetch ;;
      es) ENGINE=es; mkdir -p "$EDIR"; es_fetch ;;
      all) ENGINE=kafka; mkdir -p "$KDIR"; kafka_fetch; ENGINE=es; mkdir -p "$EDIR"; es_fetch ;;
      *) usage ;;
    esac
    ;;
  -h | --help | help) usage ;;
  *) usage ;;
esac
