"""Words too common to tell one complaint from another, per language (grouping by wording).

Short lists of function words and intensifiers, written as people type them; they are
passed through hamdel.text.normalise like the complaints' own words, so the forms match.
"""

from functools import cache

from hamdel.text.normalise import tokens

WORDS = {
    "en": """a an the and or but if of to in on at for from with by about as is are was were be
        been am i me my we our you your he she it its they them their this that these those
        not no so very too really just please again when why what how can could would will
        have has had do does did get got there here any some all more""",
    "fa": """و در به از که این آن با برای را تا یا اما اگر هم نیز است هست بود بودم شد شده شدم
        می نمی من ما شما او آنها ایشان خیلی بسیار واقعا اینقدر چرا چه چطور کی هیچ همه دیگر
        باز لطفا یک بار هر کنید کنم کرد کردم کرده دارم دارد داشت ندارم""",
    "tr": """ve veya ama ile için bu şu o bir çok çok da de ki mi mı mu mü ne neden nasıl
        ben sen biz siz onlar benim bizim sizin hiç her daha gibi kadar olarak oldu olan var
        yok lütfen tekrar gerçekten artık""",
    "ru": """и в во на с со к по за из от до у о об а но или ли не ни что как так это этот
        эта эти тот та то я мы вы ты он она они мой моя мои наш ваш очень уже еще ещё опять
        почему когда где пожалуйста был была было были есть нет да же бы""",
}


@cache
def stopwords() -> frozenset[str]:
    """Every language's stop words in token form (with their stems)."""
    found: set[str] = set()
    for language, text in WORDS.items():
        found.update(tokens(text, language))
    return frozenset(found)
