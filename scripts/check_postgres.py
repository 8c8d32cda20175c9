"""Exit 0 when the PostgreSQL server named by the URL in argv[1] accepts a connection, else 1."""

import sys

import psycopg


def main() -> int:
    url = sys.argv[1]
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("select 1")
    except psycopg.OperationalError as exc:
        sys.stderr.write(f"cannot connect to {url}: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
