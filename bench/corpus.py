"""A deterministic corpus shaped like the seeds, written as an ordinary readinglist site.

    python bench/corpus.py OUT --papers 10000 [--seed 1]

Shape: author counts are heavy-tailed (median about 4, a few papers with hundreds), authors are
reused Zipf-like (some have hundreds of papers), names are Unicode (Łukasz, Mądry, Nguyễn,
O'Neil, van der Berg), abstracts have 150-250 words and some TeX, and there are reading lists.
Files are written with JSON-quoted strings (valid YAML), much faster than a YAML dumper.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import random
import shutil
from pathlib import Path

GIVEN = """Łukasz Aleksander José Søren Zoë Mei Wei Hiroshi Anaïs François Jürgen Ngọc Amir Priya
Olusegun Chloé Mateo Ingrid Dmitri Aarav Fatima Björn Siobhán Kwame Yuki Ana Jan Jason Jay
Reimar Paul Nisan Nitish Rapha Phil Philippe Josh Joshua Long Jeff Carroll Diogo Pamela Chong
Sandhini Katarina Alex John Jacob Fraser Luke Maddie Amanda Peter Ryan Daniel Mark Mary Li Yu
Chen Xu Hao Jie Min Sung Ji-woo Andrés Camila Lucía Tomás Émilie Gaël Noémie Zoltán Ágnes
Małgorzata Krzysztof Đorđe Ömer Şebnem Ilkka Aino Rūta Dāvis Eitan Tamar Kofi Ama""".split()
FAMILY = """Kaiser Mądry Nguyễn O'Neil García Müller Øvergaard Smith Chen Wang Li Zhang Liu Yang
Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Leike Christiano Ouyang Stiennon Keskar
Tillet Achiam Wainwright Almeida Mishkin Agarwal Slama Schulman Hilton Kelton Askell Welinder
Lowe Radford Sutskever Amodei Tanaka Suzuki Watanabe Kowalski Nowak Wiśniewski Dąbrowski
Novák Dvořák Horváth Nagy Kovačević Petrović Yılmaz Kaya Demir Öztürk Virtanen Korhonen
Bērziņš Kalniņš Cohen Levi Mensah Owusu Okafor Adeyemi Fernández López Martínez Sánchez
Dubois Lefèvre Moreau Rossi Russo Bianchi Silva Santos Pereira Costa Kim Lee Park Choi Jung
Kang Cho Yoon Jang Lim Singh Kumar Sharma Patel Gupta Shah Mehta Iyer""".split()
PARTICLES = ["", "", "", "", "", "", "", "", "van der ", "von ", "de ", "di "]
WORDS = """model models learning language human feedback reward policy training data scale
alignment evaluation benchmark reasoning retrieval attention transformer optimization gradient
inference sampling preference summarization dialogue agent safety robustness generalization
representation embedding supervised unsupervised reinforcement contrastive diffusion vision
multimodal tokens context memory planning search tree graph network neural sparse dense
efficient fast accurate large small adaptive robust interpretable causal probabilistic bayesian
regular expressions program synthesis examples humans labelers comparisons demonstrations
results show propose method approach framework analysis experiments outperforms baseline
significantly improves across tasks datasets settings""".split()
TEX = [r"$O(n^2)$", r"$\alpha$", r"50\%", r"$\sim5\%$", r"$p < 0.05$", r"$\mathbb{E}[r]$",
       r"$\lambda = 0.1$", r"$x_i^2$"]  # fmt: skip
STATUSES = ["to-read", "reading", "read"]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _slug(words: list[str]) -> str:
    return "-".join(w.lower() for w in words if w.isalnum())[:48].rstrip("-")


def _zipf_weights(n: int, exponent: float = 1.07) -> list[float]:
    total = 0.0
    cumulative = []
    for rank in range(1, n + 1):
        total += 1.0 / rank**exponent
        cumulative.append(total)
    return cumulative


def _author_count(rng: random.Random) -> int:
    if rng.random() < 0.003:
        return rng.randint(100, 450)  # the big collaboration papers
    return max(1, round(math.exp(rng.gauss(math.log(4), 0.65))))


def generate(out: Path, papers: int, seed: int = 1, search: bool = False) -> dict[str, int]:
    """Write a site with `papers` papers into `out` (replacing it); returns counts."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("papers", "authors", "lists"):
        (out / "content" / folder).mkdir(parents=True)
    (out / "site.yaml").write_text(
        'title: "Benchmark corpus"\nbase_url: "https://example.org/bench/"\nhighlight: [a000000]\n'
        f"search: {'true' if search else 'false'}\n",
        encoding="utf-8",
    )
    pool = max(50, papers * 3)
    people = []
    seen: set[tuple[str, str]] = set()
    while len(people) < pool:
        given, family = rng.choice(GIVEN), rng.choice(PARTICLES) + rng.choice(FAMILY)
        middle = rng.choice(["", "", "", "", f" {rng.choice('ABCDEFGHJKLMNPRSTW')}."])
        key = (given + middle, f"{family}{'' if rng.random() < 0.6 else ' ' + rng.choice(FAMILY)}")
        if key not in seen:
            seen.add(key)
            people.append(key)
    weights = _zipf_weights(pool)
    top = weights[-1]
    used: set[int] = set()
    paper_ids = []
    for index in range(papers):
        n = min(_author_count(rng), pool)
        chosen: list[int] = []
        while len(chosen) < n:
            pick = bisect.bisect_left(weights, rng.random() * top)
            if pick not in chosen:
                chosen.append(pick)
        used.update(chosen)
        title_words = [rng.choice(WORDS) for _ in range(rng.randint(5, 12))]
        title = " ".join(title_words).capitalize()
        if rng.random() < 0.05:
            title += " with " + rng.choice(TEX)
        pid = f"{_slug(title_words)}-{index}"
        paper_ids.append(pid)
        words = [rng.choice(WORDS) for _ in range(rng.randint(150, 250))]
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                words.insert(rng.randrange(len(words)), rng.choice(TEX))
        sentences = [
            " ".join(words[i : i + 18]).capitalize() + "." for i in range(0, len(words), 18)
        ]
        year = rng.randint(1995, 2026)
        lines = [
            f"title: {_q(title)}",
            "authors:",
            *(f"  - a{a:06d}" for a in chosen),
            f"year: {year}",
            f"added: {2020 + index * 6 // papers}-{1 + index % 12:02d}-{1 + index % 28:02d}",
        ]
        if rng.random() < 0.6:
            lines.append(f'arxiv: "{year % 100:02d}{1 + index % 12:02d}.{index % 100000:05d}"')
        if rng.random() < 0.3:
            lines.append(
                f"venue: {_q(rng.choice(['NeurIPS', 'ICML', 'ACL', 'ICLR', 'EMNLP']) + f' {year}')}"
            )
        lines.append(f"abstract: {_q(' '.join(sentences))}")
        (out / f"content/papers/{pid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for a in sorted(used):
        given, family = people[a]
        spelled = f"{family}, {given}"
        text = (f"name: {_q(given + ' ' + family)}\nfamily: {_q(family)}\ngiven: {_q(given)}\n"
                f"kind: person\naliases:\n  - {_q(spelled)}\n")  # fmt: skip
        (out / f"content/authors/a{a:06d}.yaml").write_text(text, encoding="utf-8")
    lists = max(1, papers // 200)
    for number in range(lists):
        entries = rng.sample(paper_ids, min(len(paper_ids), rng.randint(20, 50)))
        lines = [f"title: {_q(f'Reading group {number}')}", f"curator: {_q(rng.choice(GIVEN))}",
                 "entries:"]  # fmt: skip
        for pid in entries:
            note = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 25)))
            lines += [f"  - paper: {pid}", f"    status: {rng.choice(STATUSES)}",
                      "    added: 2026-01-15", f"    note: {_q(note.capitalize() + '.')}"]  # fmt: skip
        (out / f"content/lists/group-{number}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
    return {"papers": papers, "authors": len(used), "lists": lists}


def main() -> None:
    """Command line: write a corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = generate(args.out, args.papers, args.seed)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
