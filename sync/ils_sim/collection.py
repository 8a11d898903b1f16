"""The demo library: patrons, items and loans the simulator lends from.

Everything is invented. The collection is the same on every run (one seeded generator, drawn
in a fixed order); only loan dates move, relative to the ``now`` the collection is built for,
so that "overdue by 75 days" stays true whatever day the demo runs. :data:`DEMO` names the
entries the kiosk demo and the tests rely on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")
CARD_LENGTH = 8
ITEM_LENGTH = 9


# -- card numbers --------------------------------------------------------------------------
def mod10_w21_check(digits: str) -> str:
    """The check digit of the modulus-10, weights 2-1 scheme the demo library's cards use.

    Weights 2, 1, 2, 1, ... are applied from the rightmost *data* digit leftwards; the digits of
    each product are added (a product of 14 counts 1 + 4); the check digit is
    ``(10 - sum % 10) % 10``. This is the Luhn scheme: it catches every single wrong digit and
    most swaps of neighbouring digits, the usual misreads of a worn card.

    >>> mod10_w21_check("2104587")
    '7'
    """
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"data digits expected, got {digits!r}")
    total = 0
    for position, char in enumerate(reversed(digits)):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def card_number(data: str) -> str:
    """Seven data digits and their check digit: a demo card number."""
    return data + mod10_w21_check(data)


def is_valid_card(card: str) -> bool:
    """Eight ASCII digits whose last one is the mod-10 w2-1 check digit of the others."""
    return (len(card) == CARD_LENGTH and card.isascii() and card.isdigit()
            and mod10_w21_check(card[:-1]) == card[-1])


# -- the records ---------------------------------------------------------------------------
class MediaType(StrEnum):
    BOOK = "book"
    PICTURE_BOOK = "picture_book"               # 絵本
    LARGE_PICTURE_BOOK = "large_picture_book"   # 大型絵本
    LARGE_KAMISHIBAI = "large_kamishibai"       # 大型紙芝居
    MAGAZINE = "magazine"
    KAMISHIBAI = "kamishibai"                   # 紙芝居
    AV = "av"                                   # CD, DVD


class Block(StrEnum):
    """Standing reasons a patron may not borrow (long overdue is also derived from loans)."""

    CARD_LOST = "card_lost"
    LONG_OVERDUE = "long_overdue"
    EXPIRED = "expired"
    CHARGE_DENIED = "charge_denied"


@dataclass
class Patron:
    card: str
    name: str
    pin: str | None = field(default=None, repr=False)
    blocks: set[Block] = field(default_factory=set)
    wide_area: bool = False          # 広域利用者: may borrow, may not reserve
    language: str = "ja"             # ISO 639-1: the language of the ILS's screen messages


@dataclass
class Item:
    barcode: str
    title: str
    author: str
    media: MediaType
    not_for_loan: bool = False       # 禁帯出
    ill: bool = False                # 相互貸借: borrowed from another library
    hold_for: str | None = None      # card of the patron this item waits for on the hold shelf
    shelf: str = ""


@dataclass
class Loan:
    item: str
    card: str
    media: MediaType          # the item's, so limits can be counted from the loans alone
    loaned_at: datetime
    due: datetime
    renewals: int = 0


@dataclass
class Collection:
    """Patrons by card, items by barcode, loans by item barcode. Not thread-safe by itself."""

    patrons: dict[str, Patron] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    loans: dict[str, Loan] = field(default_factory=dict)

    def add_patron(self, patron: Patron) -> Patron:
        if patron.card in self.patrons:
            raise ValueError(f"card {patron.card} is already registered")
        self.patrons[patron.card] = patron
        return patron

    def add_item(self, item: Item) -> Item:
        if item.barcode in self.items:
            raise ValueError(f"item {item.barcode} is already catalogued")
        if not item.shelf:
            item.shelf = SHELVES[MediaType.BOOK] if item.ill else SHELVES[item.media]
            if item.not_for_loan:
                item.shelf = REFERENCE_SHELF
        self.items[item.barcode] = item
        return item

    def lend(self, item: Item, card: str, *, loaned_at: datetime, due: datetime) -> Loan:
        loan = Loan(item=item.barcode, card=card, media=item.media, loaned_at=loaned_at,
                    due=due)
        self.loans[item.barcode] = loan
        return loan

    def loans_of(self, card: str) -> list[Loan]:
        return sorted((loan for loan in self.loans.values() if loan.card == card),
                      key=lambda loan: (loan.due, loan.item))

    def holds_for(self, card: str) -> list[Item]:
        """Items waiting on the hold shelf for this patron."""
        return [item for item in self.items.values()
                if item.hold_for == card and item.barcode not in self.loans]


def end_of_day(day: date) -> datetime:
    """Due dates are days; on the wire they carry the last second of that day, Tokyo time."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=TOKYO)


SHELVES = {
    MediaType.BOOK: "中央館 一般書架",
    MediaType.PICTURE_BOOK: "中央館 児童 絵本",
    MediaType.LARGE_PICTURE_BOOK: "中央館 児童 大型絵本",
    MediaType.MAGAZINE: "中央館 雑誌コーナー",
    MediaType.KAMISHIBAI: "中央館 児童 紙芝居",
    MediaType.LARGE_KAMISHIBAI: "中央館 児童 紙芝居",
    MediaType.AV: "中央館 AVコーナー",
}
REFERENCE_SHELF = "中央館 参考図書"


# -- the entries the demo and the tests rely on ----------------------------------------------
@dataclass(frozen=True)
class DemoScript:
    """Well-known cards and items of :func:`demo_collection` (true of every fresh one)."""

    institution: str = "DEMO"
    sip_user: str = "kiosk"
    sip_password: str = "kiosk-demo"
    # patrons
    good_card: str = "21045877"          # 山田 花子: may borrow, PIN 1234, one hold waiting
    good_pin: str = "1234"
    good_name: str = "山田 花子"
    other_good_card: str = "21093315"    # 佐藤 健一: may borrow, no PIN, has on_loan_item
    english_card: str = "21172044"       # Maria Santos: may borrow, English messages
    wide_area_card: str = "33021684"     # 広域利用者: may borrow, may not reserve
    blocked_card: str = "21204656"       # card reported lost
    long_overdue_card: str = "21330907"  # a loan 75 days overdue
    limit_card: str = "21457163"         # 10 books on loan: no more books, AV still allowed
    expired_card: str = "19983428"       # registration expired
    unknown_card: str = "28888881"       # valid check digit, not registered
    # items
    lendable_items: tuple[str, ...] = ("115538407", "115538415", "115538423", "115538431",
                                       "115538449")
    av_items: tuple[str, ...] = ("115540012", "115540020", "115540038", "115540046")
    large_picture_book_item: str = "115541010"
    large_kamishibai_item: str = "115541028"  # 大型紙芝居: lends, not renewable (Toyama)
    not_for_loan_item: str = "115542018"     # 禁帯出
    on_hold_item: str = "115543016"          # on the hold shelf for other_good_card
    hold_pickup_item: str = "115543024"      # on the hold shelf for good_card
    ill_item: str = "115544014"              # 相互貸借: lendable, not renewable
    on_loan_item: str = "115545012"          # on loan to other_good_card
    english_item: str = "115546010"
    unknown_item: str = "115599999"          # 9 digits, not catalogued

    @property
    def av_item(self) -> str:
        return self.av_items[0]

    @property
    def lost_card(self) -> str:
        return self.blocked_card

    def codabar(self, card: str, start: str = "A", stop: str = "B") -> str:
        """The card as a Codabar (NW-7) scanner sends it, with start and stop characters."""
        return f"{start}{card}{stop}"


DEMO = DemoScript()

# -- invented titles and names ---------------------------------------------------------------
_SURNAMES = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
             "吉田", "山田", "佐々木", "松本", "井上", "木村", "林", "清水", "山崎", "森",
             "池田", "橋本", "阿部", "石川", "前田", "藤田", "小川", "岡田", "後藤", "長谷川")
_GIVEN = ("健一", "美咲", "翔太", "由美", "大輔", "恵子", "拓也", "明美", "直樹", "さくら",
          "陽介", "真由美", "誠", "彩", "隆", "千尋", "浩二", "優子", "和也", "智子",
          "悠斗", "陽菜", "蓮", "結衣", "颯太", "芽衣")
_KANA_AUTHORS = ("はやし みどり", "いけだ なな", "やまもと ゆう", "おがわ そら", "たかぎ はるか",
                 "もりた けい", "あおき ちひろ", "すずき たろう", "いしだ けん", "かとう まり",
                 "ふじの あかり", "なかがわ しげる")
_FOREIGN_NAMES = ("Nguyen Van An", "Li Wei", "John Miller", "Ana Pereira", "Rahul Sharma")

_PICTURE_BOOKS = (
    "ねこのパンやさん", "あまがさのくまさん", "ちいさなきかんしゃポッポ", "こぶたのおるすばん",
    "ぺんぎんのゆうびんや", "もりのおんがくかい", "はなちゃんのあかいくつ",
    "かえるのすいえいきょうしつ",
    "くじらのおひるね", "どんぐりのだいぼうけん", "おばけのおそうじやさん", "りすのクルミぶくろ",
    "ゆきだるまのたんじょうび", "ひよこのぴよちゃん", "おおきなかぶのしたで", "ぞうのパオちゃん",
    "まほうのえのぐばこ", "ふしぎなくつした", "あおいふうせん", "やさいたちのうんどうかい",
    "とけいのくにのチクタク", "ほしのこのぼうけん", "うみべのすなのおしろ", "きつねのでんしゃ",
    "いぬのおいしゃさん", "たぬきのおまつり", "ねずみのおしょうがつ", "かみなりさまのおへそ",
    "しろくまのアイスやさん", "ぐるぐるうずまき", "いちごのおうち", "さかなのがっこう",
    "ありのぎょうれつ", "こねこのミーナ", "くまさんのはちみつ", "おじいちゃんのちいさなふね",
    "わたしのちいさなにわ", "だるまさんのおでかけ", "かぜのおくりもの", "はっぱのふね",
    "ゆうやけのかえりみち", "パンダのごはん", "おにぎりころりん", "にじいろのさかなつり",
    "きょうりゅうのたまご", "むしめがねでみつけた", "はるなつあきふゆのもり", "ちょうちょのおやど",
    "ペンギンのさむいあさ", "かいじゅうのはいしゃさん",
)
_LARGE_PICTURE_BOOKS = ("大型絵本 ねこのパンやさん", "大型絵本 もりのおんがくかい",
                        "大型絵本 くじらのおひるね", "大型絵本 きつねのでんしゃ",
                        "大型絵本 ゆきだるまのたんじょうび", "大型絵本 さかなのがっこう")
_NOVEL_HEADS = ("海辺の", "真夜中の", "春を待つ", "遠い町の", "最後の", "ちいさな", "青い",
                "霧の", "月曜日の", "風の", "雪国の", "七月の", "港町の", "忘れられた", "銀色の")
_NOVEL_TAILS = ("図書室", "手紙", "約束", "灯台", "鉄道", "庭", "探偵", "喫茶店", "時計",
                "航海", "旅人", "夏休み", "記憶", "音楽会", "花火")
_NONFICTION = (
    "やさしい確定申告 2025年版", "富山の山歩きガイド", "発酵食品の科学", "日本の城めぐり",
    "気象予報のしくみ", "やさしいPython入門", "定年後の暮らしとお金", "子どもと楽しむ週末キャンプ",
    "薬膳のきほん", "北陸の民話をたずねて", "図解 はじめての介護保険", "世界の名建築をあるく",
    "猫の気持ちがわかる本", "10分でできる夕ごはん", "身近な野鳥図鑑", "立山連峰の四季",
    "海洋プラスチックを考える", "はじめての水彩画", "英語で話す日本の文化",
    "やさしい日本語で読む防災", "暮らしを整える片づけ術", "家計簿のつけかた入門",
    "地図で読む戦国時代", "宇宙のふしぎ 100の質問",
    "スマートフォン活用術 シニア編", "草花の名前ノート", "ことわざ・慣用句ものしり帳",
    "ストレッチで肩こり解消", "手づくりパンの教科書", "日本の祭り歳時記", "昆虫のくらし",
    "川と水辺の生きもの", "AIと社会のこれから", "ボランティア入門", "和菓子のきほん",
    "鉄道の歴史をたどる", "はじめての俳句", "将棋 上達の近道", "囲碁 入門の一手",
    "北陸の郷土料理", "子育て相談室", "こどものための地球温暖化", "庭木の手入れ十二か月",
    "はじめての登山装備", "図解 電気のしくみ",
)
_REFERENCE = ("日本語表記辞典", "北陸人物事典", "統計でみる富山 2024")
_MAGAZINES = (("月刊 とやま暮らし", "北陸くらし社"), ("季刊 山と渓流あるき", "渓流出版"),
              ("月刊 ちいさな科学者", "こども科学社"), ("週刊 まちの経済", "経済ウィーク社"),
              ("月刊 家庭料理の友", "台所出版"), ("月刊 園芸ガーデン", "みどり書房"),
              ("季刊 ふるさと鉄道", "鉄路社"))
_KAMISHIBAI = ("ももたろう", "おむすびころりん", "さるかにがっせん", "つるのおんがえし",
               "うらしまたろう", "きんたろう", "ねずみのよめいり", "したきりすずめ",
               "はなさかじいさん", "いっすんぼうし", "こぶとりじいさん", "ぶんぶくちゃがま",
               "かちかちやま", "こぐまのおるすばん", "たぬきのいとぐるま", "てぶくろのおうち",
               "ゆきむすめ")
_AV = (("童謡・唱歌 ふるさとの四季 [CD]", "ひまわり合唱団"),
       ("クラシック名曲アルバム 朝 [CD]", "北陸室内管弦楽団"),
       ("ジャズで聴く日本の歌 [CD]", "トリオ・かもめ"),
       ("落語名演集 第1集 [CD]", "立川 ことぶき"),
       ("朗読 日本の名作短編 1 [CD]", "朗読 青木 千尋"),
       ("わらべうた あそびうた [CD]", "こどもの森合唱団"),
       ("英語のうた こどもといっしょに [CD]", "Emily Carter"),
       ("和太鼓の響き [CD]", "越中太鼓保存会"),
       ("自然の音 渓流と野鳥 [CD]", "ネイチャーサウンド研究所"),
       ("ヒーリング・ハープ [CD]", "森 千尋"),
       ("吹奏楽 行進曲集 [CD]", "富山ウインドアンサンブル"),
       ("三味線 民謡めぐり [CD]", "小川 しげる"),
       ("はじめての中国語 [CD]", "李 明"),
       ("立山黒部 四季の旅 [DVD]", "映像ライブラリー社"),
       ("どうぶつ村の冬 [DVD]", "こどもえいが劇場"),
       ("はじめてのヨガ [DVD]", "ヨガ教室 ひなた"),
       ("家庭でできる応急手当 [DVD]", "防災映像センター"),
       ("昆虫のふしぎ 映像図鑑 [DVD]", "映像ライブラリー社"),
       ("防災ってなあに？ [DVD]", "防災映像センター"),
       ("日本の伝統工芸 漆と木 [DVD]", "工芸記録の会"),
       ("ローカル線の車窓から 北陸編 [DVD]", "鉄路映像社"),
       ("おりがみ教室 [DVD]", "折り紙の会"),
       ("いきいき健康体操 [DVD]", "健康づくり協会"),
       ("科学実験ショー [DVD]", "こども科学社"),
       ("北陸の祭り 映像記録 [DVD]", "映像ライブラリー社"),
       ("ことばあそび うた [CD]", "ひまわり合唱団"))
_ENGLISH = (("A Cat Named Tuesday", "Oliver Grant", MediaType.PICTURE_BOOK),
            ("Living in Japan: A Practical Guide", "Hannah Brooks", MediaType.BOOK),
            ("My First Kanji Book", "Kenji Mori", MediaType.BOOK),
            ("Tokyo Kitchen Basics", "Aiko Lane", MediaType.BOOK),
            ("The Quiet Harbor", "Daniel Reyes", MediaType.BOOK),
            ("Ten Little Fireflies", "Mia Thornton", MediaType.PICTURE_BOOK),
            ("Moon over the Rice Fields", "Grace Liu", MediaType.BOOK),
            ("Hiking the Northern Alps", "Peter Vance", MediaType.BOOK),
            ("Everyday Japanese Phrases", "Yuki Carter", MediaType.BOOK),
            ("The Lantern Festival Mystery", "Noah Pierce", MediaType.BOOK),
            ("Counting with Daruma", "Lily Sato", MediaType.PICTURE_BOOK))

_SEED = 20250401


def _special_patrons() -> list[Patron]:
    d = DEMO
    return [
        Patron(d.good_card, d.good_name, pin=d.good_pin),
        Patron(d.other_good_card, "佐藤 健一"),
        Patron(d.english_card, "Maria Santos", language="en"),
        Patron(d.wide_area_card, "中川 大輔", wide_area=True),
        Patron(d.blocked_card, "鈴木 一郎", blocks={Block.CARD_LOST}),
        Patron(d.long_overdue_card, "田中 誠", pin="4321"),
        Patron(d.limit_card, "小林 美咲"),
        Patron(d.expired_card, "伊藤 恵子", blocks={Block.EXPIRED}),
    ]


def _special_items() -> list[Item]:
    d = DEMO
    book, picture, magazine = MediaType.BOOK, MediaType.PICTURE_BOOK, MediaType.MAGAZINE
    lendable = (("港町の小さな探偵事務所", "高橋 直樹", book),
                ("くいしんぼうのあおむし", "はやし みどり", picture),
                ("はじめての家庭菜園", "園田 みのり", book),
                ("月刊 とやま暮らし 2025年5月号", "北陸くらし社", magazine),
                ("かさじぞう", "脚本・画 いしだ けん", MediaType.KAMISHIBAI))
    av = (("こどものうた ベスト40 [CD]", "ひまわり合唱団"),
          ("ピアノ小品集 やすらぎの午後 [CD]", "森 千尋"),
          ("日本の世界遺産 第3巻 [DVD]", "映像ライブラリー社"),
          ("はじめての英会話 聞き流し [CD]", "Emily Carter"))
    items = [Item(code, title, author, media)
             for code, (title, author, media) in zip(d.lendable_items, lendable, strict=True)]
    items += [Item(code, title, author, MediaType.AV)
              for code, (title, author) in zip(d.av_items, av, strict=True)]
    items += [
        Item(d.large_picture_book_item, "大型絵本 ぞうさんのおひっこし", "いけだ なな",
             MediaType.LARGE_PICTURE_BOOK),
        Item(d.large_kamishibai_item, "大型紙芝居 おおきなかぶ", "脚本・画 もりた けい",
             MediaType.LARGE_KAMISHIBAI),
        Item(d.not_for_loan_item, "富山県地名大辞典", "富山地名研究会", book, not_for_loan=True),
        Item(d.on_hold_item, "雪国の灯台守", "中村 陽介", book, hold_for=d.other_good_card),
        Item(d.hold_pickup_item, "おつきさまのさんぽ", "あおき ちひろ", picture,
             hold_for=d.good_card),
        Item(d.ill_item, "北前船の時代と交易", "前田 浩二", book, ill=True),
        Item(d.on_loan_item, "銀色の時計と七月の約束", "井上 彩", book),
        Item(d.english_item, "Rainy Day Robots", "Sarah Whitfield", picture),
    ]
    return items


def _unique(rng: random.Random, taken: set[str], draw: str) -> str:
    """Draw numbers until one is new (``draw`` is "card" or "item")."""
    while True:
        if draw == "card":
            number = card_number(f"22{rng.randrange(100000):05d}")
        else:
            number = str(rng.randrange(110_000_000, 120_000_000))
        if number not in taken:
            taken.add(number)
            return number


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)} {rng.choice(_GIVEN)}"


def demo_collection(now: datetime | None = None) -> Collection:
    """A fresh, mutable demo library: 40 patrons, about 300 items, some loans and holds."""
    now = now or datetime.now(TOKYO)
    if now.tzinfo is None:
        now = now.replace(tzinfo=TOKYO)
    now = now.astimezone(TOKYO)
    today = now.date()
    rng = random.Random(_SEED)
    coll = Collection()

    for patron in _special_patrons():
        coll.add_patron(patron)
    for item in _special_items():
        coll.add_item(item)
    cards: set[str] = set(coll.patrons) | {DEMO.unknown_card}
    barcodes: set[str] = set(coll.items) | {DEMO.unknown_item}

    # 32 more patrons: a few foreign residents, a wide-area user, some with PINs
    for i in range(32):
        card = _unique(rng, cards, "card")
        foreign = i % 11 == 5
        name = _FOREIGN_NAMES[i % len(_FOREIGN_NAMES)] if foreign else _person(rng)
        pin = f"{rng.randrange(10000):04d}" if i % 3 == 0 else None
        coll.add_patron(Patron(card, name, pin=pin, wide_area=i == 17,
                               language="en" if foreign else "ja"))

    # the stock, drawn in a fixed order
    stock: list[Item] = []

    def catalogue(title: str, author: str, media: MediaType, *, not_for_loan: bool = False,
                  ill: bool = False) -> None:
        item = Item(_unique(rng, barcodes, "item"), title, author, media,
                    not_for_loan=not_for_loan, ill=ill)
        stock.append(coll.add_item(item))

    for title in _PICTURE_BOOKS:
        catalogue(title, rng.choice(_KANA_AUTHORS), MediaType.PICTURE_BOOK)
    for title in _LARGE_PICTURE_BOOKS:
        catalogue(title, rng.choice(_KANA_AUTHORS), MediaType.LARGE_PICTURE_BOOK)
    novels = [head + tail for head in _NOVEL_HEADS for tail in _NOVEL_TAILS]
    for title in rng.sample(novels, 100):
        catalogue(title, _person(rng), MediaType.BOOK)
    for title in _NONFICTION:
        catalogue(title, _person(rng), MediaType.BOOK)
    for title in _REFERENCE:
        catalogue(title, "北陸資料編集委員会", MediaType.BOOK, not_for_loan=True)
    for magazine, publisher in _MAGAZINES:
        for month in (1, 2, 3, 4):
            catalogue(f"{magazine} 2025年{month}月号", publisher, MediaType.MAGAZINE)
    for title in _KAMISHIBAI:
        catalogue(title, f"脚本・画 {rng.choice(_KANA_AUTHORS)}", MediaType.KAMISHIBAI)
    for title, performer in _AV:
        catalogue(title, performer, MediaType.AV)
    for title, author, media in _ENGLISH:
        catalogue(title, author, media)
    for title in ("加賀藩の文書を読む", "能登の塩づくり"):
        catalogue(title, _person(rng), MediaType.BOOK, ill=True)

    lendable = [item for item in stock if not (item.not_for_loan or item.ill)]
    rng.shuffle(lendable)
    print_items = [i for i in lendable if i.media is not MediaType.AV]
    av_items = [i for i in lendable if i.media is MediaType.AV]

    def lend(item: Item, card: str, due_in_days: int) -> None:
        days = 7 if item.media is MediaType.AV else 14
        due_day = today + timedelta(days=due_in_days)
        loaned = end_of_day(due_day - timedelta(days=days)).replace(hour=10, minute=30, second=0)
        coll.lend(item, card, loaned_at=loaned, due=end_of_day(due_day))

    lend(coll.items[DEMO.on_loan_item], DEMO.other_good_card, 5)
    for n in range(10):                                  # the limit: 10 books-ish on loan
        lend(print_items.pop(), DEMO.limit_card, 3 + n % 10)
    lend(print_items.pop(), DEMO.long_overdue_card, -75)  # 長期延滞
    lend(print_items.pop(), DEMO.long_overdue_card, -5)
    ordinary = [p.card for p in list(coll.patrons.values())[len(_special_patrons()):]]
    for card in ordinary[:14]:                           # everyday borrowing by others
        for _ in range(1 + rng.randrange(3)):
            lend(print_items.pop(), card, rng.randrange(-3, 14))
        if rng.random() < 0.3:
            lend(av_items.pop(), card, rng.randrange(0, 7))
    for card in ordinary[14:18]:                         # holds waiting for others
        print_items.pop().hold_for = card
    return coll
