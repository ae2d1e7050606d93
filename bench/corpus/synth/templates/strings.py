"""Templates over strings and word lists."""

from __future__ import annotations

import random
import string

from ..model import Param, Template, Tool
from ._common import INDEX, observe, word

TEXT_LENGTH = Tool(
    key="text_length",
    names=("GetTextLength", "TextLength"),
    summaries=("Return the length of the instance string.",),
    body="return str(len(self.text))",
    returns="str: The number of characters.",
    examples=('"11"',),
)


def _count_char_options(rng: random.Random, steps: int) -> dict:
    letters = rng.sample(string.ascii_lowercase, rng.randint(3, 8))
    text = "".join(rng.choice(letters) for _ in range(steps - 2))
    return {"text": text, "target": rng.choice(letters)}


COUNT_CHAR = Template(
    key="count_char",
    stems=("CharCounter", "LetterFrequency", "CountOccurrences"),
    reset="""
        self.text = options.get("text", "")
        self.target = options.get("target", "")
    """,
    ref="return self.text.count(self.target)",
    ref_bug="return self.text[:-1].count(self.target)",
    tools=(
        observe(
            "str: JSON object with the string `text` and the character `target`.",
            '{"text": "abcab", "target": "b"}',
            'return json.dumps({"text": self.text, "target": self.target})',
            "Return the string and the character to count.",
        ),
        Tool(
            key="is_target",
            names=("IsTarget", "MatchAt", "CheckChar"),
            summaries=("Tell whether the character at a position equals the target character.",),
            params=(INDEX,),
            body='return "1" if self.text[index] == self.target else "0"',
            returns='str: "1" on a match, "0" otherwise.',
            examples=('"1"',),
        ),
    ),
    answer=Param("answer", "int", "int", "How many times the target occurs."),
    solve='''
        info = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        count = 0
        for index in range(len(info["text"])):
            count += int(self.step(json.dumps({"name": "$is_target", "parameters": {"index": index}}))[1])
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": count}}))[1]
    ''',
    tasks=(
        "Count how many times a given character occurs in a string.",
        "Given a lowercase string and a target letter, report the number of occurrences of the letter.",
    ),
    make_options=_count_char_options,
    count_steps=lambda o: len(o["text"]) + 2,
    min_steps=3,
    max_steps=3000,
    extra_tools=(TEXT_LENGTH,),
)


def _palindrome_options(rng: random.Random, steps: int) -> dict:
    half = [rng.choice("abcxyz") for _ in range(steps - 2)]
    middle = [rng.choice("abcxyz")] if rng.random() < 0.5 else []
    left, right = list(half), list(reversed(half))
    kind = rng.random()
    if kind < 0.3:  # the same letters in another case: a palindrome only when case is ignored
        i = rng.randrange(len(right))
        right[i] = right[i].upper()
    elif kind < 0.6:
        i = rng.randrange(len(right))
        right[i] = "m"
    return {"text": "".join(left + middle + right)}


PALINDROME = Template(
    key="palindrome",
    stems=("PalindromeCheck", "MirrorString", "SymmetryTest"),
    reset='self.text = options.get("text", "")',
    ref="return self.text == self.text[::-1]",
    ref_bug="""
        lowered = self.text.lower()
        return lowered == lowered[::-1]
    """,
    tools=(
        observe("str: The string to check.", '"abcba"', "return self.text", "Return the string of the instance."),
        Tool(
            key="compare",
            names=("CompareChars", "SameChar"),
            summaries=("Compare the characters at two positions (case-sensitive).",),
            params=(
                Param("i", "int", "int", "The first position."),
                Param("j", "int", "int", "The second position."),
            ),
            body='return "equal" if self.text[i] == self.text[j] else "different"',
            returns='str: "equal" or "different".',
            examples=('"equal"',),
        ),
    ),
    answer=Param("answer", "bool", "bool", "True if the string reads the same backwards (case-sensitive)."),
    solve='''
        text = self.step(json.dumps({"name": "$observe", "parameters": {}}))[1]
        n = len(text)
        ok = True
        for i in range(n // 2):
            if self.step(json.dumps({"name": "$compare", "parameters": {"i": i, "j": n - 1 - i}}))[1] == "different":
                ok = False
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": ok}}))[1]
    ''',
    tasks=(
        "Decide whether a string is a palindrome. Letter case matters.",
        "Check if the given string reads the same from left to right and from right to left (case-sensitive).",
    ),
    make_options=_palindrome_options,
    count_steps=lambda o: len(o["text"]) // 2 + 2,
    min_steps=3,
    max_steps=3000,
    extra_tools=(TEXT_LENGTH,),
)


def _rle_options(rng: random.Random, steps: int) -> dict:
    length, short = steps - 2, 1 if rng.random() < 0.7 else 2
    out, prev = [], ""
    while len(out) < length:
        ch = rng.choice([c for c in "abcdefgh" if c != prev])
        out.extend(ch * rng.randint(short, 5))
        prev = ch
    return {"text": "".join(out[:length])}


RUN_LENGTH = Template(
    key="run_length",
    stems=("RunLengthEncoding", "StringCompression", "RunEncoder"),
    reset='self.text = options.get("text", "")',
    ref="""
        encoded, i = "", 0
        while i < len(self.text):
            j = i
            while j < len(self.text) and self.text[j] == self.text[i]:
                j += 1
            encoded += f"{self.text[i]}{j - i}"
            i = j
        return encoded
    """,
    ref_bug="""
        encoded, i = "", 0
        while i < len(self.text):
            j = i
            while j < len(self.text) and self.text[j] == self.text[i]:
                j += 1
            encoded += self.text[i] + (str(j - i) if j - i > 1 else "")
            i = j
        return encoded
    """,
    tools=(
        observe(
            "str: JSON object with the string `length`.",
            '{"length": 7}',
            'return json.dumps({"length": len(self.text)})',
            "Return the length of the hidden string.",
        ),
        Tool(
            key="get_char",
            names=("GetChar", "CharAt", "ReadChar"),
            summaries=("Return the character at a position of the hidden string.",),
            params=(INDEX,),
            body="return self.text[index]",
            returns="str: One character.",
            examples=('"a"',),
        ),
    ),
    answer=Param("answer", "str", "str", 'The run-length encoding, e.g. "a3b1c2".'),
    solve='''
        length = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])["length"]
        chars = []
        for index in range(length):
            chars.append(self.step(json.dumps({"name": "$get_char", "parameters": {"index": index}}))[1])
        encoded, i = "", 0
        while i < length:
            j = i
            while j < length and chars[j] == chars[i]:
                j += 1
            encoded += f"{chars[i]}{j - i}"
            i = j
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": encoded}}))[1]
    ''',
    tasks=(
        'Compress a string by run-length encoding: every maximal run of one character becomes the character followed by the run length ("aaab" -> "a3b1").',
        "Read the hidden string character by character and return its run-length encoding (counts always written, even 1).",
    ),
    make_options=_rle_options,
    count_steps=lambda o: len(o["text"]) + 2,
    min_steps=3,
    max_steps=3000,
)

_OBSERVE_WORDS = observe(
    "str: The words as a JSON list.",
    '["tree", "sky", "audio"]',
    "return json.dumps(self.words)",
    "Return the list of words of the instance.",
)

WORD_COUNT = Tool(
    key="word_count",
    names=("CountWords", "WordTotal"),
    summaries=("Return how many words the instance holds.",),
    body="return str(len(self.words))",
    returns="str: The number of words.",
    examples=('"5"',),
)

VOWEL_WORDS = Template(
    key="vowel_words",
    stems=("MostVowels", "VowelRichWord", "VowelCounter"),
    reset='self.words = options.get("words", [])',
    ref="""
        best, best_count = None, -1
        for w in self.words:
            c = sum(ch in "aeiou" for ch in w)
            if c > best_count:
                best, best_count = w, c
        return best
    """,
    ref_bug="""
        best, best_count = None, -1
        for w in self.words:
            c = sum(ch in "aeiouy" for ch in w)
            if c > best_count:
                best, best_count = w, c
        return best
    """,
    tools=(
        _OBSERVE_WORDS,
        Tool(
            key="count_vowels",
            names=("CountVowels", "VowelCount"),
            summaries=("Count the vowels (a, e, i, o, u) of a word.",),
            params=(Param("word", "str", "str", "The word to inspect."),),
            body='return str(sum(ch in "aeiou" for ch in word))',
            returns="str: The number of vowels.",
            examples=('"2"',),
            notes=("The letter y is not a vowel here.",),
        ),
    ),
    answer=Param("answer", "str", "str", "The first word with the most vowels."),
    solve='''
        words = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        best, best_count = None, -1
        for w in words:
            c = int(self.step(json.dumps({"name": "$count_vowels", "parameters": {"word": w}}))[1])
            if c > best_count:
                best, best_count = w, c
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": best}}))[1]
    ''',
    tasks=(
        "Among a list of words, find the one with the most vowels (a, e, i, o, u); on a tie, the earliest word wins.",
        "Report the word that contains the largest number of vowels; y does not count as a vowel.",
    ),
    make_options=lambda rng, steps: {"words": [word(rng, "aeiouyyybcdfgklmnprst", 2, 8) for _ in range(steps - 2)]},
    count_steps=lambda o: len(o["words"]) + 2,
    min_steps=3,
    max_steps=3000,
    extra_tools=(WORD_COUNT,),
)


def _anagram_group_options(rng: random.Random, steps: int) -> dict:
    words: list[str] = []
    for _ in range(steps - 2):
        if words and rng.random() < 0.4:
            letters = list(rng.choice(words))
            rng.shuffle(letters)
            words.append("".join(letters))
        else:
            words.append(word(rng, "abcd", 2, 4))
    return {"words": words}


ANAGRAM_GROUPS = Template(
    key="anagram_groups",
    stems=("AnagramGroups", "GroupAnagrams", "LetterSignature"),
    reset='self.words = options.get("words", [])',
    ref='return len({"".join(sorted(w)) for w in self.words})',
    ref_bug='return len({"".join(sorted(set(w))) for w in self.words})',
    tools=(
        _OBSERVE_WORDS,
        Tool(
            key="signature",
            names=("Signature", "SortLetters", "CanonicalForm"),
            summaries=("Return the letters of a word in sorted order; anagrams share this signature.",),
            params=(Param("word", "str", "str", "The word."),),
            body='return "".join(sorted(word))',
            returns="str: The sorted letters.",
            examples=('"aabc"',),
        ),
    ),
    answer=Param("answer", "int", "int", "The number of anagram groups."),
    solve='''
        words = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        groups = set()
        for w in words:
            groups.add(self.step(json.dumps({"name": "$signature", "parameters": {"word": w}}))[1])
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": len(groups)}}))[1]
    ''',
    tasks=(
        "Group the words into anagram classes (same letters with the same multiplicities) and report the number of classes.",
        "How many distinct anagram groups does the list of words form?",
    ),
    make_options=_anagram_group_options,
    count_steps=lambda o: len(o["words"]) + 2,
    min_steps=3,
    max_steps=3000,
    extra_tools=(WORD_COUNT,),
)


def _frequency_options(rng: random.Random, steps: int) -> dict:
    vocab: list[str] = []
    seen: set[str] = set()
    while len(vocab) < steps - 3:
        w = word(rng, "abcdefghiklmnoprstu", 2, 6)
        if w not in seen:
            seen.add(w)
            vocab.append(w)
    words = [w for w in vocab for _ in range(rng.randint(1, 3))]
    rng.shuffle(words)
    return {"text": " ".join(words)}


WORD_FREQUENCY = Template(
    key="word_frequency",
    stems=("WordFrequency", "MostCommonWord", "FrequentTerm"),
    imports=("collections",),
    reset="""
        self.text = options.get("text", "")
        self.words = self.text.split()
    """,
    ref="""
        counts = collections.Counter(self.text.split())
        best = max(counts.values())
        return min(w for w, c in counts.items() if c == best)
    """,
    ref_bug="return collections.Counter(self.text.split()).most_common(1)[0][0]",
    tools=(
        observe("str: The text.", '"to be or not to be"', "return self.text", "Return the text of the instance."),
        Tool(
            key="split",
            names=("SplitWords", "Tokenize"),
            summaries=("Split a text into words on whitespace.",),
            params=(Param("text", "str", "str", "The text to split."),),
            body="return json.dumps(text.split())",
            returns="str: The words as a JSON list.",
            examples=('["to", "be"]',),
        ),
        Tool(
            key="count_word",
            names=("CountWord", "WordOccurrences"),
            summaries=("Count how many times a word occurs in the instance text.",),
            params=(Param("word", "str", "str", "The word to count."),),
            body="return str(self.words.count(word))",
            returns="str: The number of occurrences.",
            examples=('"2"',),
        ),
    ),
    answer=Param("answer", "str", "str", "The most frequent word; ties go to the alphabetically smallest."),
    solve='''
        text = self.step(json.dumps({"name": "$observe", "parameters": {}}))[1]
        words = json.loads(self.step(json.dumps({"name": "$split", "parameters": {"text": text}}))[1])
        best, best_count = None, 0
        for w in dict.fromkeys(words):
            c = int(self.step(json.dumps({"name": "$count_word", "parameters": {"word": w}}))[1])
            if c > best_count or (c == best_count and w < best):
                best, best_count = w, c
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": best}}))[1]
    ''',
    tasks=(
        "Find the most frequent word of a text; if several words tie, answer the alphabetically smallest one.",
        "Report which word occurs most often in the text (ties broken by alphabetical order).",
    ),
    make_options=_frequency_options,
    count_steps=lambda o: len(set(o["text"].split())) + 3,
    min_steps=4,
    max_steps=500,
)


def _anagram_check_options(rng: random.Random, steps: int) -> dict:
    letters = rng.sample(string.ascii_letters, steps - 2)
    counts = {ch: rng.randint(1, 3) for ch in letters}
    counts[letters[0]] = max(2, counts[letters[0]])
    first = [ch for ch in letters for _ in range(counts[ch])]
    rng.shuffle(first)
    second = list(first)
    rng.shuffle(second)
    kind = rng.random()
    if kind < 0.35 and len(letters) > 1:  # same letters and length, different multiplicities
        second[second.index(letters[0])] = letters[1]
    elif kind < 0.55:
        second.append(rng.choice(letters))
    return {"first": "".join(first), "second": "".join(second)}


ANAGRAM_CHECK = Template(
    key="anagram_check",
    stems=("AnagramCheck", "ValidAnagram", "LetterMultiset"),
    reset="""
        self.first = options.get("first", "")
        self.second = options.get("second", "")
    """,
    ref="return sorted(self.first) == sorted(self.second)",
    ref_bug="return len(self.first) == len(self.second) and set(self.first) == set(self.second)",
    tools=(
        observe(
            "str: JSON object with the strings `first` and `second`.",
            '{"first": "listen", "second": "silent"}',
            'return json.dumps({"first": self.first, "second": self.second})',
            "Return the two strings to compare.",
        ),
        Tool(
            key="compare_count",
            names=("CompareCount", "SameFrequency"),
            summaries=("Compare how often a character occurs in the first and in the second string.",),
            params=(Param("ch", "str", "str", "The character (case-sensitive)."),),
            body='return "equal" if self.first.count(ch) == self.second.count(ch) else "different"',
            returns='str: "equal" or "different".',
            examples=('"equal"',),
        ),
    ),
    answer=Param("answer", "bool", "bool", "True if the strings are anagrams of each other."),
    solve='''
        info = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        same = True
        for ch in sorted(set(info["first"]) | set(info["second"])):
            if self.step(json.dumps({"name": "$compare_count", "parameters": {"ch": ch}}))[1] == "different":
                same = False
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": same}}))[1]
    ''',
    tasks=(
        "Decide whether two strings are anagrams: the same characters with the same counts (case-sensitive).",
        "Check if the second string is a rearrangement of the first.",
    ),
    make_options=_anagram_check_options,
    count_steps=lambda o: len(set(o["first"]) | set(o["second"])) + 2,
    min_steps=3,
    max_steps=54,
)

TEMPLATES = (COUNT_CHAR, PALINDROME, RUN_LENGTH, VOWEL_WORDS, ANAGRAM_GROUPS, WORD_FREQUENCY, ANAGRAM_CHECK)
