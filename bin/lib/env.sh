# Shared by bin/kairos and bin/test: finds JDK 25+ and Maven, installing Maven if it is missing.
# Sourced, not run. Sets KAIROS_ROOT, JAVA_HOME, JAVA, MVN.

KAIROS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KAIROS_MIN_JDK=25
KAIROS_MAVEN_VERSION=3.9.11
KAIROS_MAVEN_SHA512=bcfe4fe305c962ace56ac7b5fc7a08b87d5abd8b7e89027ab251069faebee516b0ded8961445d6d91ec1985dfe30f8153268843c89aa392733d1a3ec956c9978

kairos_die() { echo "kairos: $*" >&2; exit 1; }

# Prints the feature version (e.g. 25) of the java binary $1, or nothing.
kairos_java_feature() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}

kairos_find_jdk() {
  local candidate v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(kairos_java_feature "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$KAIROS_MIN_JDK" ]; then
      return 0
    fi
  fi
  # Newest first, so that a machine with several JDKs uses the most recent one.
  for candidate in $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
    if [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ]; then
      v=$(kairos_java_feature "$candidate/bin/java")
      if [ -n "$v" ] && [ "$v" -ge "$KAIROS_MIN_JDK" ]; then
        export JAVA_HOME="$candidate"
        return 0
      fi
    fi
  done
  kairos_die "no JDK $KAIROS_MIN_JDK or newer found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm).
  Install one, e.g. Eclipse Temurin 25 (https://adoptium.net/) or your distribution's openjdk-25-jdk,
  then set JAVA_HOME to it or leave it under /usr/lib/jvm."
}

# Uses a Maven 3.8+ on PATH; otherwise installs Maven $KAIROS_MAVEN_VERSION from Maven Central into
# ~/.cache/kairos (checked against its SHA-512) and uses that.
kairos_find_maven() {
  local v
  if command -v mvn >/dev/null 2>&1; then
    v=$(mvn -v 2>/dev/null | sed -n 's/.*Apache Maven \([0-9]*\.[0-9]*\).*/\1/p' | head -1)
    case "$v" in
      3.[89]|3.1[0-9]|4.*) MVN=mvn; return 0 ;;
    esac
  fi
  local home="${XDG_CACHE_HOME:-$HOME/.cache}/kairos/apache-maven-$KAIROS_MAVEN_VERSION"
  if [ ! -x "$home/bin/mvn" ]; then
    local url="https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$KAIROS_MAVEN_VERSION/apache-maven-$KAIROS_MAVEN_VERSION-bin.tar.gz"
    local tmp
    tmp=$(mktemp -d)
    echo "kairos: installing Maven $KAIROS_MAVEN_VERSION from Maven Central into $home" >&2
    curl -fsSL --retry 3 -o "$tmp/maven.tar.gz" "$url" || kairos_die "could not download Maven from $url"
    echo "$KAIROS_MAVEN_SHA512  $tmp/maven.tar.gz" | sha512sum -c --status \
      || kairos_die "the Maven download does not match its published SHA-512; refusing to use it"
    mkdir -p "$(dirname "$home")"
    tar -xzf "$tmp/maven.tar.gz" -C "$(dirname "$home")"
    rm -rf "$tmp"
  fi
  MVN="$home/bin/mvn"
}

kairos_find_jdk
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
export KAIROS_ROOT

# promtool (from Debian's prometheus package) checks the node's /metrics output in a test. When it is
# not installed, fetch the package and unpack only its files under .tools/ (no install scripts run,
# no service starts); when that fails too, the test skips itself and says why.
kairos_ensure_promtool() {
  command -v promtool >/dev/null 2>&1 && return 0
  local dir="$KAIROS_ROOT/.tools/prometheus"
  if [ ! -x "$dir/usr/bin/promtool" ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
    local tmp; tmp="$(mktemp -d)"
    if ! (cd "$tmp" && apt-get download -q prometheus >/dev/null 2>&1); then
      [ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 || true
      (cd "$tmp" && apt-get download -q prometheus >/dev/null 2>&1) || true
    fi
    if ls "$tmp"/prometheus_*.deb >/dev/null 2>&1; then
      mkdir -p "$dir" && dpkg -x "$tmp"/prometheus_*.deb "$dir" || true
    fi
    rm -rf "$tmp"
  fi
  if [ -x "$dir/usr/bin/promtool" ]; then
    export PATH="$dir/usr/bin:$PATH"
  else
    echo "kairos: promtool not available (Debian package prometheus); the metrics format check will be skipped" >&2
  fi
}
