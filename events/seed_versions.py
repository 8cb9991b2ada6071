"""The seed press conference in Russian and Kazakh: the same facts, date and times as events/seed.py, the
display zones' places named as the two languages' news sites name them. ``load`` adds a version only where
the press conference has none in that language, so a press officer's edits survive another run."""

import datetime

from commission import seed
from events import translations
from events.models import DisplayZoneTranslation, EventTranslation
from press.seed_versions import KK_PRESS_CONFERENCE, KK_TITLE, RU_PRESS_CONFERENCE, RU_TITLE

VERSIONS = {
    "ru": {
        "slug": "press-konferenciya-2023-01-20",
        "title": f"Пресс-конференция: {RU_TITLE}",
        "summary": RU_PRESS_CONFERENCE,
        "description": (
            "Высокопоставленные британские парламентарии из состава Комиссии расскажут о неделе, проведённой "
            "в Казахстане: об официальных встречах в Астане, отменённых в последний момент, об отзыве судом "
            "разрешения на встречу с Жанболатом Мамаем и о доказательствах, полученных от гражданского общества "
            "и свидетелей событий января 2022 года."
        ),
        "venue_city": "Алматы",
        "venue_country": "Казахстан",
        # The zones in their order: Almaty, then London.
        "places": ["Алматы, Казахстан", "Лондон, Великобритания"],
    },
    "kk": {
        "slug": "baspasoz-konferenciyasy-2023-01-20",
        "title": f"Баспасөз конференциясы: {KK_TITLE}",
        "summary": KK_PRESS_CONFERENCE,
        "description": (
            "Комиссия құрамындағы Ұлыбританияның беделді парламентшілері Қазақстанда өткізген бір аптасы туралы "
            "айтып береді: Астанадағы ресми кездесулердің соңғы сәтте тоқтатылуы, соттың Жанболат Мамаймен "
            "кездесуге берген рұқсатын кері қайтарып алуы және азаматтық қоғам мен 2022 жылғы қаңтар "
            "оқиғаларының куәгерлерінен жиналған дәлелдер туралы."
        ),
        "venue_city": "Алматы",
        "venue_country": "Қазақстан",
        "places": ["Алматы, Қазақстан", "Лондон, Ұлыбритания"],
    },
}


SAMPLE_VERSIONS = {
    "ru": {
        "slug": "obrazec-press-konferencii",
        "title": "ОБРАЗЕЦ – Пресс-конференция для проверки регистрации",
        "summary": (
            "Образец, а не настоящая пресс-конференция: её добавляет load_seed --sample, чтобы можно было "
            "зарегистрироваться, подтвердить адрес по письму, выведенному в консоль, и отменить регистрацию. "
            "В зале три места, так что до листа ожидания легко дойти."
        ),
        "description": "Этот образец есть только на машинах разработчиков. Его можно удалить в админке в любой момент.",
        "venue_name": "Площадка-образец",
        "venue_address": "1 Example Street",
        "venue_city": "Лондон",
        "venue_country": "Великобритания",
        "places": ["Лондон, Великобритания", "Алматы, Казахстан"],
    },
    "kk": {
        "slug": "baspasoz-konferenciyasy-ulgisi",
        "title": "ҮЛГІ – Тіркелуді сынап көруге арналған баспасөз конференциясы",
        "summary": (
            "Бұл нағыз баспасөз конференциясы емес, үлгі: оны load_seed --sample тіркеліп, консольге шыққан хат "
            "арқылы мекенжайды растап, тіркелуден бас тартып көру үшін қосады. Залда үш орын бар, сондықтан күту "
            "тізіміне оңай жетуге болады."
        ),
        "description": "Бұл үлгі тек әзірлеушілердің компьютерлерінде болады. Оны әкімшілік бөлімде кез келген уақытта "
                       "жоюға болады.",
        "venue_name": "Үлгі алаң",
        "venue_address": "1 Example Street",
        "venue_city": "Лондон",
        "venue_country": "Ұлыбритания",
        "places": ["Лондон, Ұлыбритания", "Алматы, Қазақстан"],
    },
}


def load_sample(event) -> None:
    """The sample press conference's versions (events/seed.py ``load_sample``), made with it."""
    _create(event, SAMPLE_VERSIONS, written_from=translations.written_from(event), written_at=event.publish_at)


def _create(event, versions: dict, *, written_from: dict[str, str], written_at, report=None) -> None:
    zones = list(event.display_zones.order_by("order", "pk"))
    for language, text in versions.items():
        version, created = seed.add_version(EventTranslation, event, language, text, parts="places",
                                            written_from=written_from, written_at=written_at)
        if report is not None:
            report(f"press conference ({language})", version.title, created)
        if created:
            for zone, place in zip(zones, text["places"], strict=False):
                DisplayZoneTranslation.objects.create(version=version, zone=zone, place=place)


def load(report, event, *, written_from: dict[str, str], written_at: datetime.datetime) -> None:
    """Add the Russian and Kazakh versions of the seed press conference where missing, ready to go public with
    it. ``written_from``: the fingerprints of the seed's English, which they translate
    (``commission.seed.add_version``)."""
    _create(event, VERSIONS, written_from=written_from, written_at=written_at, report=report)
