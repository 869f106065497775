"""Materials of the shapes of issue 13, written for the tests, and the ways files bring them
(wrapped as a PDF prints them, printed to a PDF)."""

from html import escape

from weasyprint import HTML

from orglife.materials.importing.unwrapping import width


def wrap(text: str, full: float) -> str:
    """Every paragraph of `text` cut into lines `full` characters wide, as a PDF prints it."""
    lines = []
    for paragraph in text.splitlines():
        line = ""
        for char in paragraph.strip():
            if width(line + char) > full:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return "\n".join(lines)


COMMITTEE = """临江区发展和改革局机关党支部2023年度组织生活会班子对照检查材料
根据区委组织部关于召开2023年度组织生活会的通知要求，支部委员会认真学习了党章和有关文件，广泛征求了党员群众的意见建议，开展了谈心谈话。现对照检查如下。
一、存在的问题
（一）学习方面。
一是理论学习的系统性不够。集中学习以读文件为主，研讨交流不深，比如全年组织专题研讨只有两次，党员发言多是照读材料。
二是学用结合不够紧密。学习与业务工作结合不够，用理论指导项目审批的办法不多。
（二）工作方面。
一是服务企业不够主动。对企业反映的审批难题，习惯于等上门，主动上门服务少。
二、产生问题的原因剖析
（一）理论武装不够到位。对学习的重要性认识不足，把学习当成软任务，挤占学习时间的情况时有发生。
三、整改措施
（一）加强理论学习。
一是每月组织一次专题研讨，每名支委至少发言一次，发言材料提前一周准备。
二是建立学习台账，每季度通报一次学习情况。
以上，请批评指正。
"""

TRADITIONAL = """第二黨支部2023年度組織生活會對照檢查材料
根據上級黨委通知要求，現將對照檢查情況報告如下。
一、存在問題
（一）學習方面。
一是理論學習不夠系統。對黨的創新理論學得不深。
二是聯繫群眾不夠緊密。
二、產生問題的原因
（一）黨性修養有所放鬆。
對自身要求不嚴。
三、整改措施
（一）加強理論武裝。
一要制定學習計劃。
以上發言，請同志們批評指正。
單位：第二黨支部
發言人：王某某
2023年12月5日
"""


OUTLINE = """2023年度组织生活会个人发言提纲
现作对照检查发言。
一、存在的问题
1. 政治理论学习方面。自学时间少，比如原著只读了摘要。
2. 担当作为方面：遇到矛盾习惯上交。
3. 作风方面。一是开会迟到过两次。二是下社区少。
4. 有时对自己要求不严。
二、整改措施
（一）加强学习。
一要每周自学五小时。
发言人：王某某
2023年12月5日
"""


TITLE = "临江区发展和改革局机关党支部2023年度组织生活会班子对照检查材料"
BODY = [
    "根据区委组织部关于召开2023年度组织生活会的通知要求，支部委员会认真学习了党章和有关文件，"
    "广泛征求了党员群众的意见建议，开展了谈心谈话。现对照检查如下。",
    "一、存在的问题",
    "（一）学习方面。",
    "一是理论学习的系统性不够。"
    + "集中学习以读文件为主，研讨交流不深，比如全年组织专题研讨只有两次，党员发言多是照读材料，学习笔记多是摘抄。" * 3,
    "二是学用结合不够紧密。学习与业务工作结合不够，用理论指导项目审批的办法不多。",
    "二、产生问题的原因剖析",
    "（一）理论武装不够到位。对学习的重要性认识不足，把学习当成软任务，挤占学习时间的情况时有发生。",
    "三、整改措施",
    "（一）加强理论学习。",
    "一是每月组织一次专题研讨，每名支委至少发言一次，发言材料提前一周准备。",
]
STYLE = (
    "@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: '— ' counter(page) ' —'; } }"
    "body { font-family: 'Noto Serif CJK SC'; font-size: 16pt; line-height: 28pt; text-align: justify; }"
    "h1 { font-size: 22pt; text-align: center; font-weight: normal; margin: 0 3em; }"
    "p { margin: 0; text-indent: 2em; } p.page { break-before: page; }"
)


def pdf(body: str) -> bytes:
    return HTML(string=f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>").write_pdf()


def material_pdf() -> bytes:
    """The material printed over two pages, its title over two lines, with page numbers."""
    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in BODY[:5])
    paragraphs += "".join(f"<p class='page'>{escape(BODY[5])}</p>") + "".join(f"<p>{escape(t)}</p>" for t in BODY[6:])
    return pdf(f"<h1>{escape(TITLE)}</h1>{paragraphs}")
