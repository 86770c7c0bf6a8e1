# Shared by bin/run and bench/lib.sh (sourced, not run): builds the WAR and fetches the stock
# Payara Micro jar, the one way. The Payara versions are pinned once, in pom.xml: payara.version
# (the 6 line, the default) and payara7.version (CASGUARD_PAYARA_LINE=7; it needs Java 21 or later).
# Callers set CASGUARD_ROOT (the checkout) and may define say/die; both functions print to stderr.
# Sets PAYARA_VERSION and PAYARA_MIN_JAVA.

case ${CASGUARD_PAYARA_LINE:-6} in
  6) payara_property=payara.version PAYARA_MIN_JAVA=17 ;;
  7) payara_property=payara7.version PAYARA_MIN_JAVA=21 ;;
  *) echo "CASGUARD_PAYARA_LINE is 6 or 7, not '$CASGUARD_PAYARA_LINE'" >&2; exit 1 ;;
esac
PAYARA_VERSION=$(sed -n "s:.*<$payara_property>\(.*\)</$payara_property>.*:\1:p" "$CASGUARD_ROOT/pom.xml")
[ -n "$PAYARA_VERSION" ] || { echo "no $payara_property in $CASGUARD_ROOT/pom.xml" >&2; exit 1; }

# Builds target/casguard.war when it is missing or older than pom.xml or anything under src/;
# sets WAR.
casguard_war() {
  WAR=$CASGUARD_ROOT/target/casguard.war
  if [ ! -f "$WAR" ] || [ -n "$(find "$CASGUARD_ROOT/src" "$CASGUARD_ROOT/pom.xml" -newer "$WAR" -print -quit)" ]; then
    command -v mvn >/dev/null 2>&1 || { echo "Maven (mvn) is needed to build $WAR" >&2; return 1; }
    echo "building $WAR (mvn -B -q clean package -DskipTests)" >&2
    (cd "$CASGUARD_ROOT" && mvn -B -q clean package -DskipTests) || return 1
    [ -f "$WAR" ] || { echo "the build did not produce $WAR" >&2; return 1; }
  fi
}

# Fetches Payara Micro $PAYARA_VERSION from Maven Central into $CASGUARD_ROOT/.casguard/ unless it
# is there; sets PAYARA_JAR.
payara_jar() {
  local state=$CASGUARD_ROOT/.casguard download
  PAYARA_JAR=$state/payara-micro-$PAYARA_VERSION.jar
  if [ ! -s "$PAYARA_JAR" ]; then
    command -v mvn >/dev/null 2>&1 || { echo "Maven (mvn) is needed to fetch Payara Micro" >&2; return 1; }
    echo "fetching Payara Micro $PAYARA_VERSION from Maven Central into $state/" >&2
    mkdir -p "$state"
    download=$(mktemp -d "$state/download.XXXXXX")
    # The plugin version is pinned so the download does not depend on the newest plugin release.
    (cd "$CASGUARD_ROOT" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="fish.payara.extras:payara-micro:$PAYARA_VERSION:jar" -DoutputDirectory="$download") || return 1
    mv "$download/payara-micro-$PAYARA_VERSION.jar" "$PAYARA_JAR"   # atomic: no half-copied jar
    rmdir "$download"
  fi
}
