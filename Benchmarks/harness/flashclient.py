"""The flash-sale client, `Scripts/flash-sale.c`: 2,000 buyers at one instant, read with epoll.
Written in C so that the client's own CPU (it shares the machine's cores with the server under
test) stays small; built here with the system C compiler the first time it is needed and again
whenever the source is newer than the binary."""
import os, shutil, subprocess

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(BENCH, "Scripts", "flash-sale.c")
BINARY = os.path.join(BENCH, ".build", "flash-sale")


def command():
    """The argv prefix that runs the flash-sale client (built when missing or stale).
    FLASH_CLIENT, when set, is another client taking the same arguments and printing the same
    lines (split on spaces), for comparing clients."""
    if os.environ.get("FLASH_CLIENT"):
        return os.environ["FLASH_CLIENT"].split()
    if not os.path.exists(BINARY) or os.path.getmtime(BINARY) < os.path.getmtime(SOURCE):
        compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
        if not compiler:
            raise SystemExit("flash-sale client: no C compiler (cc, gcc or clang); apt-get install gcc")
        os.makedirs(os.path.dirname(BINARY), exist_ok=True)
        subprocess.run([compiler, "-O2", "-Wall", "-Wextra", "-Werror", "-o", BINARY, SOURCE], check=True)
    return [BINARY]


if __name__ == "__main__":  # prints the binary's path, building it first (for the shell benchmarks)
    print(command()[0])
