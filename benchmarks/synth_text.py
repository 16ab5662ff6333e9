"""Vocabulary and sentence templates for the synthetic benchmark corpus.

Everything here is invented for the benchmark: the sentences are templates
with slots (``{city}``, ``{year}``, ``{inst}`` ...), the portals, wire
services and people are fictional. Facts that fill the slots (member states,
cities, bodies, institutions) follow the real SCO, so the text looks like the
domain to the cleaning and metadata stages, while the number of slot
combinations keeps paragraphs from different documents distinct — near-dup
detection then only fires on the repeats the generator plants on purpose.
"""

from __future__ import annotations

# --- facts that fill slots -------------------------------------------------

MEMBERS: tuple[tuple[str, str], ...] = (
    ("中国", "China"), ("俄罗斯", "Russia"), ("哈萨克斯坦", "Kazakhstan"),
    ("吉尔吉斯斯坦", "Kyrgyzstan"), ("塔吉克斯坦", "Tajikistan"), ("乌兹别克斯坦", "Uzbekistan"),
    ("印度", "India"), ("巴基斯坦", "Pakistan"), ("伊朗", "Iran"), ("白俄罗斯", "Belarus"),
)
PARTNERS_ZH: tuple[str, ...] = (
    "老挝", "蒙古国", "阿塞拜疆", "亚美尼亚", "柬埔寨", "尼泊尔", "土耳其", "埃及",
    "卡塔尔", "沙特阿拉伯", "阿联酋", "科威特", "马尔代夫", "缅甸", "巴林", "斯里兰卡",
)
CITIES: tuple[tuple[str, str], ...] = (
    ("上海", "Shanghai"), ("天津", "Tianjin"), ("青岛", "Qingdao"), ("阿斯塔纳", "Astana"),
    ("比什凯克", "Bishkek"), ("杜尚别", "Dushanbe"), ("塔什干", "Tashkent"),
    ("撒马尔罕", "Samarkand"), ("莫斯科", "Moscow"), ("乌法", "Ufa"),
    ("叶卡捷琳堡", "Yekaterinburg"), ("新德里", "New Delhi"), ("伊斯兰堡", "Islamabad"),
    ("明斯克", "Minsk"), ("阿拉木图", "Almaty"), ("乔蓬阿塔", "Cholpon-Ata"),
    ("西安", "Xi'an"), ("乌鲁木齐", "Urumqi"),
)
# (Chinese name, short Chinese name, English name)
BODIES: tuple[tuple[str, str, str], ...] = (
    ("成员国元首理事会", "元首理事会", "Council of Heads of State"),
    ("成员国政府首脑（总理）理事会", "总理会议", "Council of Heads of Government"),
    ("成员国外长理事会", "外长会议", "Council of Foreign Ministers"),
    ("成员国安全会议秘书会议", "安全会议秘书会议", "meeting of security council secretaries"),
    ("成员国国防部长会议", "防长会议", "meeting of defence ministers"),
    ("成员国经贸部长会议", "经贸部长会议", "meeting of trade ministers"),
    ("成员国交通部长会议", "交通部长会议", "meeting of transport ministers"),
    ("成员国能源部长会议", "能源部长会议", "meeting of energy ministers"),
    ("成员国总检察长会议", "总检察长会议", "meeting of prosecutors-general"),
)
# (Chinese, English)
INSTITUTIONS: tuple[tuple[str, str], ...] = (
    ("开发银行", "development bank"), ("禁毒中心", "anti-drug centre"),
    ("信息安全中心", "information security centre"),
    ("打击跨国有组织犯罪中心", "centre against transnational organised crime"),
    ("应对安全威胁与挑战综合中心", "centre for security threats and challenges"),
    ("银行联合体", "interbank consortium"), ("实业家委员会", "business council"),
    ("能源合作平台", "energy cooperation platform"), ("数字经济论坛", "digital economy forum"),
    ("科技创新合作中心", "technology and innovation centre"),
    ("农业技术交流培训示范基地", "agricultural training base"),
    ("传统医学合作中心", "traditional medicine centre"), ("青年交流中心", "youth exchange centre"),
    ("人工智能应用合作中心", "artificial intelligence cooperation centre"),
)
AREAS: tuple[tuple[str, str], ...] = (
    ("安全", "security"), ("经贸", "trade"), ("人文", "people-to-people exchange"),
    ("交通", "transport"), ("能源", "energy"), ("金融", "finance"), ("农业", "agriculture"),
    ("卫生", "public health"), ("教育", "education"), ("旅游", "tourism"), ("媒体", "media"),
    ("数字经济", "the digital economy"), ("绿色发展", "green development"), ("科技", "science"),
)
DOC_TOPICS: tuple[tuple[str, str], ...] = (
    ("数字经济合作", "digital economy cooperation"), ("能源安全", "energy security"),
    ("粮食安全", "food security"), ("人工智能合作", "cooperation on artificial intelligence"),
    ("打击恐怖主义", "countering terrorism"), ("供应链互联互通", "supply-chain connectivity"),
    ("水资源合作", "water cooperation"), ("应对气候变化", "climate change"),
    ("支持多边贸易体制", "the multilateral trading system"), ("本币结算", "settlement in local currencies"),
)
DOC_KINDS_ZH: tuple[str, ...] = ("宣言", "联合公报", "行动计划", "合作纲要", "路线图", "声明", "决议")
THREATS_ZH: tuple[str, ...] = ("恐怖主义", "分裂主义", "极端主义", "毒品走私", "网络犯罪", "跨国有组织犯罪")
PROJECTS_ZH: tuple[str, ...] = ("跨境铁路", "天然气管道", "物流枢纽", "光伏电站", "农业示范园",
                                "数据中心", "公路口岸", "水电站", "工业园区", "冷链仓储")
OPPOSE_ZH: tuple[str, ...] = ("集团对抗", "单边制裁", "贸易保护主义", "干涉他国内政", "冷战思维")
NOUNS_ZH: tuple[str, ...] = ("动力", "支撑", "机遇", "平台", "保障", "路径")
ACTORS_ZH: tuple[str, ...] = ("成员国", "各方", "与会各方", "各成员国领导人", "中方", "俄方", "哈方",
                              "吉方", "塔方", "乌方", "印方", "巴方", "伊方", "白方")
ROLES_ZH: tuple[str, ...] = ("外交部长", "秘书长", "副总理", "常驻代表", "经济部长", "国家协调员",
                             "外交部发言人", "研究所所长", "大学教授", "商会会长")
SURNAMES: tuple[str, ...] = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
                             "马", "朱", "胡", "郭", "何", "林", "罗", "高")
GIVEN: tuple[str, ...] = ("晓东", "海燕", "志强", "丽华", "建国", "雪梅", "明远", "思琪", "国栋",
                          "文静", "宏伟", "佳怡", "立新", "春雨", "天翔", "秀英")
EN_NAMES: tuple[str, ...] = ("Dana Orlova", "Timur Akhmetov", "Priya Raman", "Lena Fischer",
                             "Omar Siddiqui", "Kate Morrow", "Arman Seitkali", "Nodira Yusupova",
                             "Paul Hennessy", "Zara Malik", "Ivan Petrenko", "Mei Lin")
EN_MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July",
                              "August", "September", "October", "November", "December")
EN_ORDINALS: tuple[str, ...] = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                                "eighth", "ninth", "tenth")

# --- furniture: invented portals, wire services and their page chrome ------

# (name, domain, ICP province)
PORTALS: tuple[tuple[str, str, str], ...] = (
    ("环球视点网", "hqsd.example.cn", "京"), ("丝路观察", "silkroadwatch.example.cn", "陕"),
    ("欧亚新闻网", "eurasianews.example.cn", "沪"), ("中亚资讯网", "zyzx.example.cn", "新"),
    ("津门在线", "jinmen.example.cn", "津"), ("北方财经网", "bfcj.example.cn", "辽"),
    ("东方时评", "dfsp.example.cn", "浙"), ("国际瞭望台", "gjltt.example.cn", "粤"),
)
HANT_SITES: tuple[tuple[str, str], ...] = (
    ("港島日報網", "islanddaily.example.hk"), ("維港快訊", "harbournews.example.hk"),
    ("寶島觀察", "formosawatch.example.tw"), ("兩岸新聞台", "straitsnews.example.tw"),
)
WIRES: tuple[tuple[str, str], ...] = (
    ("Steppe Wire", "steppewire.example.com"), ("EurAsia Newsline", "eurasianewsline.example.com"),
    ("Caspian Press Service", "caspianpress.example.com"), ("Orient Dispatch", "orientdispatch.example.com"),
)
AGENCIES_ZH: tuple[str, ...] = ("新华社", "中新网", "央视新闻", "人民网", "本报")
SECTIONS_ZH: tuple[str, ...] = ("国际", "时政", "要闻", "财经", "外交", "一带一路", "军事")
NAV_ITEMS_ZH: tuple[str, ...] = ("首页", "要闻", "国际", "国内", "财经", "评论", "视频", "图片",
                                 "专题", "数据", "科技", "文旅", "English")
SHARE_BARS_ZH: tuple[str, ...] = (
    "分享到：微信 | 微博 | QQ空间 | 复制链接",
    "分享至 微信朋友圈 新浪微博 豆瓣",
    "0\n分享至",
    "【字号 大 中 小】【打印】【关闭】",
    "收藏 | 转发 | 评论 | 点赞",
)
DISCLAIMERS_ZH: tuple[str, ...] = (
    "免责声明：本站转载的稿件仅为传递更多信息，不代表本站赞同其观点，如有侵权请联系删除。",
    "声明：文章内容由作者提供，观点仅代表作者本人，本网不对其真实性承担责任。",
    "特别提示：未经书面授权，任何单位和个人不得转载、摘编本网原创作品。",
    "本文为转载内容，版权归原作者所有；如涉及版权问题，请在三十日内与我们联系。",
)
READ_MORE_ZH: tuple[str, ...] = ("相关阅读", "推荐阅读", "延伸阅读", "热门推荐", "猜你喜欢")
FOOTERS_ZH: tuple[str, ...] = (
    "关于我们 | 联系我们 | 广告服务 | 网站地图 | 招聘信息",
    "扫一扫，关注{site}官方微信",
    "违法和不良信息举报电话：010-{phone}",
    "下载{site}客户端，随时随地看新闻",
)
EN_FURNITURE: tuple[str, ...] = (
    "Share this story: Facebook | X | LinkedIn | Email",
    "Sign up for our morning briefing",
    "Advertisement",
    "Skip to main content",
    "Most read this week",
)

# --- sentence templates (Chinese) ------------------------------------------
# Slots: see Slots in synth.py. Story slots (city, body, ordinal, year ...) keep
# one document coherent; the others are drawn fresh for every sentence.

ZH_OPENERS: tuple[str, ...] = (
    "{dateline} 上海合作组织{body}第{ordinal}次会议{month}月{day}日在{city}举行，{host}作为轮值主席国主持会议。",
    "{dateline} 为期两天的上合组织{body}第{ordinal}次会议在{city}闭幕，与会各方通过了{k}份成果文件。",
    "{dateline} 上海合作组织{body_short}当天在{city}召开，{area}和{area2}合作成为讨论的重点。",
    "{dateline} 记者从会议组织方获悉，上合组织{body}第{ordinal}次会议将于{month}月{day}日在{city}开幕。",
)
ZH_SENTENCES: tuple[str, ...] = (
    "与会各方围绕{area}和{area2}领域合作深入交换意见，达成{k}项重要共识。",
    "会议签署并发表了《{city}{dockind}》，批准了《{start}—{end}年{topic}行动计划》。",
    "{actor}同意{inst_status}，并责成有关部门在{year}年底前提交具体方案。",
    "据统计，{year}年{member}与其他成员国的贸易额达到{n}亿美元，同比增长{p}%。",
    "{next_host}将接任{year}至{year1}年度轮值主席国，下一次会议将于{year1}年在{next_city}举行。",
    "{person}表示，{member}愿同各方一道，在{area}领域开展更多务实项目。",
    "分析人士认为，{inst}的{stage}将为地区{area}合作提供新的{noun}。",
    "会议期间，各方见证了{k}份合作文件的签署，涉及{area}、{area2}和{area3}等领域。",
    "{actor}重申，将继续遵循“上海精神”，坚持互信、互利、平等、协商。",
    "根据会议通过的决定，{inst}将在{city2}设立常设机构，首批工作人员预计于{year1}年到位。",
    "{member}代表团团长在发言中提出{k_small}点建议，包括扩大本币结算、完善{area}合作机制等。",
    "截至{year}年，上合组织框架内已建立{k}个部长级会议机制和{k2}个专业工作组。",
    "报道称，本次会议共有{k}个国家的代表和{k_small}个国际组织负责人出席。",
    "{actor}一致同意接收{partner}为上合组织伙伴国。",
    "在{area}方面，成员国将制定{start}至{end}年合作纲要，并每{k_small}年评估一次落实情况。",
    "{city}为会议做了周密安排，共有{n2}名志愿者和{n3}名中外记者参与服务和报道。",
    "{person}在接受采访时说，{inst}运行{k_small}年来，已累计支持{k2}个项目，资金规模约{n}亿美元。",
    "会议审议批准了{year1}年度组织预算，并听取了秘书长关于{area}合作进展的报告。",
    "各方同意加强在打击{threat}问题上的情报交流，并定期举行联合演习。",
    "{member}外交部发言人在例行记者会上介绍，本次会议将重点讨论{topic}问题。",
    "{year}年{month2}月，首届上合组织{area}论坛在{city2}召开，吸引了{n2}余名代表参会。",
    "业内人士指出，{area}合作潜力巨大，{member}与{member2}之间的{project}项目已进入实施阶段。",
    "这是上合组织成立{age}年来{body_short}第{ordinal_small}次在{member}举行。",
    "文件强调，各方反对{oppose}，主张通过对话协商和平解决分歧。",
    "{member}方面透露，{project}项目一期工程总投资约{n}亿元人民币，预计{year1}年建成投产。",
    "{person}认为，{topic}已成为成员国共同关心的议题，需要拿出更具体的行动。",
    "会后发布的新闻公报说，各方对{inst}筹建工作取得的进展表示满意。",
    "{actor}决定将{year1}年定为上合组织“{area}合作年”，届时将举办{k}场配套活动。",
    "来自{member}的{k2}家企业在同期举行的博览会上签约，意向金额累计{n}亿美元。",
    "{member2}代表建议，在{city2}增设{area}领域联络办公室，以便协调各成员国的工作。",
)
ZH_HEADLINES: tuple[str, ...] = (
    "上合组织{body_short}第{ordinal}次会议在{city}开幕",
    "{inst}建设取得新进展",
    "{next_host}将接任上合组织轮值主席国",
    "{city}会议通过{k}份成果文件",
    "聚焦{area}合作：上合组织{body_short}在{city}举行",
    "{member}与{member2}签署{project}合作协议",
    "专家解读：{inst}为何受到关注",
    "上合组织成员国就{topic}达成共识",
)
# (status word in Chinese for "{inst_status}", English verb phrase, stage noun)
INST_STATUS: tuple[tuple[str, str, str], ...] = (
    ("倡议建立{inst}", "propose a {inst}", "提出"),
    ("决定成立{inst}", "set up a {inst}", "成立"),
    ("启动{inst}的组建进程", "start work on the {inst}", "筹建"),
    ("加快推进{inst}筹建工作", "speed up preparations for the {inst}", "筹建"),
    ("为{inst}正式揭牌", "open the {inst}", "揭牌运行"),
    ("进一步加强{inst}建设", "strengthen the {inst}", "机制化建设"),
)
BREAKABLE_WORDS: tuple[str, ...] = (
    "吉尔吉斯斯坦", "乌兹别克斯坦", "哈萨克斯坦", "塔吉克斯坦", "上海合作组织", "白俄罗斯",
    "巴基斯坦", "开发银行", "银行联合体", "实业家委员会", "轮值主席国", "成果文件", "行动计划",
)
NEAR_REPEAT_PREFIXES: tuple[str, ...] = ("此外，", "另外，", "同时，", "据悉，", "据了解，", "值得一提的是，")

# --- sentence templates (English) ------------------------------------------

EN_OPENERS: tuple[str, ...] = (
    "{CITY}, {Month} {day} ({wire}) - Officials from the Shanghai Cooperation Organisation opened the "
    "{ordinal_en} {body_en} in {city_en} on {weekday}, with {area_en} and {area2_en} high on the agenda.",
    "{CITY}, {Month} {day} ({wire}) - The Shanghai Cooperation Organisation wrapped up two days of talks "
    "in {city_en} on {weekday}, adopting {k} documents at its {body_en}.",
    "{CITY}, {Month} {day} ({wire}) - Member states of the Shanghai Cooperation Organisation agreed on "
    "{weekday} to {inst_status_en}, delegates at the {body_en} in {city_en} said.",
)
EN_SENTENCES: tuple[str, ...] = (
    "The member states agreed to {inst_status_en}, according to a statement released after the talks.",
    "Trade between {member_en} and the other members reached {n} billion dollars in {year}, up {p} percent "
    "from a year earlier, officials said.",
    "{next_host_en} will take over the rotating chairmanship for {year}-{year1}, and the next meeting is "
    "expected in {next_city_en}.",
    "Delegates signed {k} documents covering {area_en}, {area2_en} and {area3_en}.",
    "\"We see real room to do more on {area_en},\" a senior {member_adj} diplomat told reporters on the "
    "sidelines, asking not to be named.",
    "Analysts say the {inst_en} could take {k_small} years or more to become fully operational.",
    "A document on {topic_en}, adopted on the second day, calls for closer coordination among members.",
    "The bloc, founded in Shanghai in 2001, now counts ten full members and a wider ring of partners.",
    "Security officials discussed intelligence sharing and agreed to hold joint drills in {year1}.",
    "{member_en} and {member2_en} also signed a separate agreement on a {project_en} worth about {n} "
    "million dollars.",
    "The host city deployed some {n2} volunteers, and about {n3} journalists were accredited.",
    "Several delegations pressed for wider use of national currencies in cross-border payments.",
    "The meeting approved the organisation's budget for {year1} and heard a report from the "
    "secretary-general on {area_en}.",
    "Diplomats said {partner_en} had been welcomed as a partner, a step some members had pushed for "
    "since {year0}.",
    "The final communique urged members to settle disputes through dialogue and rejected {oppose_en}.",
    "According to the secretariat, {k2} joint projects in {area_en} are now under way across the region.",
    "Officials from {member_en} said a feasibility study for the {inst_en} would be ready by {year1}.",
    "Foreign ministers met a day earlier in {city2_en} to settle the wording of {k_small} draft texts.",
    "{member2_en} offered to host a working group on {area2_en}, a delegate said.",
    "Turnover at the {city2_en} trade fair held alongside the talks was put at {n} million dollars.",
    "A {member_adj} official said the {project_en} between {member_en} and {member2_en} was {p} percent "
    "complete.",
    "Observers counted {k} heads of delegation at the closing session, {k_small} more than last year.",
    "Members will draft a plan on {topic_en} for {start}-{end} and review it every {k_small} years.",
    "Police in {city_en} closed {k_small} central avenues for the duration of the meeting.",
    "In a joint statement, ministers asked the secretariat to report on {area_en} by {Month} {year1}.",
    "The {member_adj} delegation proposed a fund of {n} million dollars for {area2_en} projects.",
    "Some {n2} business people registered for a forum on {area3_en} held on the first day.",
    "{member_en} ratified the agreement on the {inst_en} in {year0}, officials recalled.",
)
EN_HEADLINES: tuple[str, ...] = (
    "SCO members agree to {inst_status_en} at {city_en} talks",
    "{next_host_en} to take SCO chair as {city_en} meeting ends",
    "SCO adopts {k} documents, eyes closer {area_en} ties",
    "Security bloc meets in {city_en} amid push on {topic_en}",
)
EN_PROJECTS: tuple[str, ...] = ("rail link", "gas pipeline", "logistics hub", "solar plant",
                                "data centre", "hydropower station", "border crossing")
EN_OPPOSE: tuple[str, ...] = ("bloc confrontation", "unilateral sanctions", "trade protectionism")
EN_PARTNERS: tuple[str, ...] = ("Laos", "Mongolia", "Azerbaijan", "Armenia", "Cambodia", "Nepal",
                                "Egypt", "Qatar")
EN_ADJ: dict[str, str] = {
    "China": "Chinese", "Russia": "Russian", "Kazakhstan": "Kazakh", "Kyrgyzstan": "Kyrgyz",
    "Tajikistan": "Tajik", "Uzbekistan": "Uzbek", "India": "Indian", "Pakistan": "Pakistani",
    "Iran": "Iranian", "Belarus": "Belarusian",
}
WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# --- Traditional-script repost frames (written in Simplified, converted) ----

HANT_HEADERS: tuple[str, ...] = ("【{site}讯】", "（转载）", "原文刊于{agency}，经授权转载。", "来源：{agency}")
HANT_SHARE: tuple[str, ...] = ("分享：Facebook | WhatsApp | Telegram | X", "按赞追踪我们的专页",
                               "加入频道，第一时间收到新闻推送")
HANT_TAILS: tuple[str, ...] = (
    "免责声明：本文仅供参考，不构成任何投资建议。",
    "本网站所刊载的转载内容，其观点不代表本网站立场。",
    "如发现本文有错漏，欢迎来信指正。",
)
