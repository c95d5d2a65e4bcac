# Shared by scripts/setup-oidc-provider and scripts/setup-lrs: installs one npm test counterpart
# under tests/support/<name> with `npm ci` (the versions pinned in its package-lock.json), only
# when it is missing or the lock file changed, and prints its directory as the last line.
#
#   npm_counterpart <script name> <folder under tests/support> <package to check>
npm_counterpart() {
  local script=$1 folder=$2 package=$3 dir major
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tests/support/$folder" && pwd)"
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "$script: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
    exit 1
  fi
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "$script: Node.js 20 or later is needed, found $(node --version)" >&2
    exit 1
  fi
  if [ ! -f "$dir/node_modules/$package/package.json" ] ||
    [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  echo "$dir"
}
