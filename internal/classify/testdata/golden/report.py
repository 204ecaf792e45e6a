import csv
import sys
from collections import defaultdict


class Report:
    """Sum amounts per customer from a CSV export."""

    def __init__(self, path):
        self.path = path
        self.totals = defaultdict(float)

    def load(self):
        with open(self.path, newline="") as f:
            for row in csv.DictReader(f):
                self.totals[row["customer"]] += float(row["amount"])
        return self

    def top(self, n=10):
        return sorted(self.totals.items(), key=lambda kv: kv[1], reverse=True)[:n]


def main(argv):
    for name, total in Report(argv[1]).load().top():
        print(f"{name:30} {total:10.2f}")


if __name__ == "__main__":
    main(sys.argv)
