# ruff: noqa: E501 (prose in five languages; CJK characters count double)
"""The demonstration offerings' texts, one dictionary per offering, in the five languages.

Each offering has: its settings; ``texts`` ({locale: {title, summary, description}}; every
offering has all five, so the first impression is complete in every language, and every
language of instruction has its text); ``venue`` ({locale: name}, empty when online); and
``modules`` (a list of {locale: title}). Texts are written as the centre writes them. They
go into the models through their own API (``titles``, ``summaries`` and ``descriptions`` dicts), so
a change of how a model stores texts changes ``offerings.py`` only, never these data.
"""

from __future__ import annotations

LOCALES = ("en", "zh_Hant_TW", "ko", "ja", "zh_Hans_CN")

# The paragraph every offering of a kind ends with: how it runs and what it leads to.
KIND_PARAGRAPHS = {
    "course": {
        "en": "Each module combines a short reading, a recorded lecture and an exercise based "
        "on a real city. Participants who complete every module receive a certificate of "
        "completion. Learning hours: about 12.",
        "zh_Hant_TW": "每個單元包含簡短閱讀資料、錄製講座，以及以真實城市為例的練習。完成所有單元的學員"
        "將獲核發結業證書。學習時數：約 12 小時。",
        "ko": "각 모듈은 짧은 읽기 자료, 녹화 강의, 실제 도시 사례를 활용한 실습으로 구성됩니다. "
        "모든 모듈을 마친 교육생에게는 수료증을 발급합니다. 교육 시간: 약 12시간.",
        "ja": "各モジュールは、短い読み物、録画講義、実在の都市を題材にした演習で構成されています。"
        "すべてのモジュールを修了した受講者には修了証を発行します。研修時間：約12時間。",
        "zh_Hans_CN": "每个模块包括简短的阅读材料、录播讲座和以真实城市为例的练习。完成全部模块的学员"
        "将获颁结业证书。学时：约 12 学时。",
    },
    "symposium": {
        "en": "The programme combines keynotes, city case studies and panel discussions. "
        "Participants present at every session receive a certificate of attendance.",
        "zh_Hant_TW": "議程包括專題演講、城市案例分享與座談。全程出席的參加者將獲核發參加證明。",
        "ko": "기조연설, 도시 사례 발표, 패널 토론으로 진행됩니다. 모든 세션에 참석한 분께는 참가확인서를 "
        "발급합니다.",
        "ja": "基調講演、自治体の事例紹介、パネル討論で構成されています。全セッションに出席された方には"
        "参加証明書を発行します。",
        "zh_Hans_CN": "日程安排包括主旨演讲、城市案例分享和圆桌讨论。全程出席的参会者将获颁参加证明。",
    },
    "workshop": {
        "en": "Each city sends a team of two or three officials. Over the sessions, teams draft "
        "an action plan (context, goals, actions, indicators, timeline and budget) and revise it "
        "with an instructor until it is approved. Completion needs attendance and an approved "
        "plan; please bring your city's latest data.",
        "zh_Hant_TW": "每個城市派出二至三位公務人員組成團隊，在各場次中擬定行動計畫（背景與現況、目標、"
        "行動措施、指標、期程與預算），並與講師討論修正至核准為止。結業條件為出席及行動計畫"
        "核准；請攜帶貴市最新資料。",
        "ko": "각 도시는 공무원 2~3명으로 팀을 구성해 참가합니다. 팀은 회차마다 실행계획(배경 및 현황, "
        "목표, 추진 과제, 지표, 추진 일정, 예산)을 작성하고 강사와 함께 보완하여 승인을 받습니다. "
        "수료 기준은 출석과 실행계획 승인이며, 소속 도시의 최신 자료를 지참해 주십시오.",
        "ja": "各自治体から職員2～3名のチームでご参加いただきます。チームは各回を通じてアクションプラン"
        "（背景・現状、目標、取組、指標、スケジュール、予算）を作成し、講師とともに承認まで"
        "改訂します。修了要件は出席とアクションプランの承認です。自治体の最新データをご持参ください。",
        "zh_Hans_CN": "每个城市派出两至三名公务人员组成团队，在各场次中拟定行动计划（背景与现状、目标、"
        "行动措施、指标、时间安排和预算），并与讲师讨论修改直至审核通过。结业条件为出勤并"
        "完成经审核通过的行动计划；请携带贵市的最新数据。",
    },
}

# Where it takes place, in the venue's sentence of each language.
VENUE_SENTENCES = {
    "en": "Venue: %s.",
    "zh_Hant_TW": "地點：%s。",
    "ko": "장소: %s",
    "ja": "会場：%s",
    "zh_Hans_CN": "地点：%s。",
}

DEMO_OFFERINGS: list[dict] = [
    {
        "kind": "workshop",
        "format": "hybrid",
        "start": 40,
        "length": 3,
        "capacity": 30,
        "mode": "approval",
        "topics": ["low_carbon", "policy"],
        "languages": ["en", "zh_Hant_TW"],
        "sessions_per_day": 2,
        "venue": {
            "en": "Kaohsiung Exhibition Center, Kaohsiung",
            "zh_Hant_TW": "高雄展覽館（高雄市）",
            "ko": "가오슝 전시컨벤션센터(가오슝시)",
            "ja": "高雄展覧館（高雄市）",
            "zh_Hans_CN": "高雄展览馆（高雄市）",
        },
        "texts": {
            "en": {
                "title": "Low-Carbon City Action-Planning Workshop 2027",
                "summary": "City teams draft a low-carbon action plan with targets, measures and "
                "a budget, reviewed by peers and instructors.",
                "description": "Cities that have set a net-zero target now need a plan that "
                "departments can carry out. This workshop starts from each city's emissions "
                "inventory and ends with a costed plan for buildings, transport and waste.",
            },
            "zh_Hant_TW": {
                "title": "2027 低碳城市行動計畫工作坊",
                "summary": "各城市團隊擬定含目標、措施與預算的低碳行動計畫，並由講師與其他城市共同檢視。",
                "description": "已訂定淨零目標的城市，需要一份各局處能夠落實的計畫。本工作坊從各城市的"
                "溫室氣體盤查出發，最後完成涵蓋建築、運輸與廢棄物並附經費估算的行動計畫。",
            },
            "ko": {
                "title": "2027 저탄소 도시 실행계획 워크숍",
                "summary": "도시별 팀이 목표, 추진 과제, 예산을 포함한 저탄소 실행계획을 작성하고 강사와 "
                "함께 검토합니다.",
                "description": "탄소중립 목표를 세운 도시에는 이제 각 부서가 실행할 수 있는 계획이 "
                "필요합니다. 이 워크숍은 도시별 온실가스 인벤토리에서 출발해 건물·수송·폐기물 분야의 "
                "비용이 산정된 실행계획을 완성합니다.",
            },
            "ja": {
                "title": "2027 低炭素都市アクションプラン策定ワークショップ",
                "summary": "自治体チームが目標・取組・予算を含む低炭素アクションプランを策定し、講師と共に"
                "検討します。",
                "description": "ゼロカーボン目標を掲げた自治体には、各部署が実行できる計画が必要です。"
                "本ワークショップでは、各自治体の温室効果ガス排出量の算定結果から出発し、建築物・"
                "交通・廃棄物分野の費用を見積もったアクションプランを完成させます。",
            },
            "zh_Hans_CN": {
                "title": "2027 低碳城市行动计划工作坊",
                "summary": "各城市团队拟定包含目标、措施和预算的低碳行动计划，并由讲师和其他城市共同审阅。",
                "description": "已提出净零目标的城市，需要一份各部门能够落实的计划。本工作坊从各城市的"
                "温室气体清单出发，最终完成涵盖建筑、交通和废弃物并附有经费测算的行动计划。",
            },
        },
        "modules": [],
    },
    {
        "kind": "symposium",
        "format": "in_person",
        "start": 75,
        "length": 2,
        "capacity": 200,
        "mode": "open",
        "topics": ["resilience", "urban_planning"],
        "languages": ["en", "zh_Hant_TW", "ko", "ja"],
        "sessions_per_day": 4,
        "venue": {
            "en": "Kaohsiung Music Center, Kaohsiung",
            "zh_Hant_TW": "高雄流行音樂中心（高雄市）",
            "ko": "가오슝 뮤직센터(가오슝시)",
            "ja": "高雄流行音楽センター（高雄市）",
            "zh_Hans_CN": "高雄流行音乐中心（高雄市）",
        },
        "texts": {
            "en": {
                "title": "East Asia Urban Resilience Symposium",
                "summary": "Mayors, planners and researchers share how East Asian cities prepare "
                "for floods, heat and typhoons.",
                "description": "Two days on what cities have learned from recent floods, "
                "heatwaves and typhoons: early warning, emergency shelters, insurance and the "
                "budgets that pay for adaptation. Interpretation between English, Chinese, "
                "Korean and Japanese is provided in the main hall.",
            },
            "zh_Hant_TW": {
                "title": "東亞城市韌性國際研討會",
                "summary": "各城市首長、規劃人員與研究者分享東亞城市如何因應淹水、高溫與颱風。",
                "description": "為期兩天，探討各城市從近年水災、熱浪與颱風中學到的經驗：預警、避難"
                "收容、保險，以及支應調適工作的預算。主會場提供英、中、韓、日語口譯。",
            },
            "ko": {
                "title": "동아시아 도시 회복력 국제 심포지엄",
                "summary": "동아시아 도시의 시장, 도시계획가, 연구자가 홍수·폭염·태풍 대응 경험을 "
                "공유합니다.",
                "description": "최근의 홍수, 폭염, 태풍에서 도시들이 얻은 교훈을 이틀간 나눕니다. "
                "조기 경보, 임시 대피시설, 보험, 기후적응 예산을 다루며, 주 회의장에서는 영어·중국어·"
                "한국어·일본어 통역을 제공합니다.",
            },
            "ja": {
                "title": "東アジア都市レジリエンス国際シンポジウム",
                "summary": "東アジアの首長・計画担当者・研究者が、洪水・猛暑・台風への備えを共有します。",
                "description": "近年の水害・熱波・台風から各都市が学んだことを2日間にわたり共有します。"
                "早期警報、避難所運営、保険、適応策の予算などを取り上げます。メイン会場では英語・"
                "中国語・韓国語・日本語の通訳を用意します。",
            },
            "zh_Hans_CN": {
                "title": "东亚城市韧性国际研讨会",
                "summary": "东亚各城市的市长、规划人员和研究人员分享应对洪水、高温和台风的经验。",
                "description": "为期两天，交流各城市从近年洪涝、热浪和台风中获得的经验：预警、应急"
                "避难、保险以及保障适应工作的预算。主会场提供英、中、韩、日语同声传译。",
            },
        },
        "modules": [],
    },
    {
        "kind": "course",
        "format": "online",
        "start": 10,
        "length": 60,
        "capacity": None,
        "mode": "open",
        "topics": ["biodiversity", "policy"],
        "languages": ["en", "ja", "ko"],
        "sessions_per_day": 0,
        "venue": {},
        "texts": {
            "en": {
                "title": "Biodiversity Mainstreaming for Local Governments",
                "summary": "A self-paced course on bringing nature into budgets, land-use plans "
                "and procurement.",
                "description": "The Kunming-Montreal Global Biodiversity Framework asks every "
                "level of government to act. This course shows how a city can take nature into "
                "account in the decisions it already makes: the budget, zoning and purchasing.",
            },
            "zh_Hant_TW": {
                "title": "地方政府生物多樣性主流化課程",
                "summary": "自主學習課程：將自然納入預算、土地使用計畫與採購。",
                "description": "《昆明－蒙特婁全球生物多樣性框架》要求各級政府採取行動。本課程說明城市"
                "如何在既有決策中考量自然：預算編列、土地使用分區與採購。",
            },
            "ko": {
                "title": "지방정부를 위한 생물다양성 주류화",
                "summary": "예산, 토지이용계획, 조달에 자연의 가치를 반영하는 자율 학습 과정입니다.",
                "description": "쿤밍-몬트리올 글로벌 생물다양성 프레임워크는 모든 단계의 정부에 "
                "행동을 요구합니다. 이 과정은 도시가 이미 내리고 있는 결정, 즉 예산·용도지역·조달에서 "
                "자연을 고려하는 방법을 다룹니다.",
            },
            "ja": {
                "title": "自治体のための生物多様性の主流化",
                "summary": "予算、土地利用計画、調達に自然の視点を取り入れる自習型の研修です。",
                "description": "昆明・モントリオール生物多様性枠組は、あらゆるレベルの政府に行動を"
                "求めています。本研修では、予算・用途地域・調達など、自治体がすでに行っている意思決定に"
                "自然の視点を取り入れる方法を学びます。",
            },
            "zh_Hans_CN": {
                "title": "地方政府生物多样性主流化培训班",
                "summary": "自主学习课程：将自然纳入预算、国土空间规划和采购。",
                "description": "《昆明－蒙特利尔全球生物多样性框架》要求各级政府采取行动。本课程介绍"
                "城市如何在已有的决策中考虑自然：预算编制、用地分区和政府采购。",
            },
        },
        "modules": [
            {
                "en": "Why biodiversity matters to cities",
                "zh_Hant_TW": "生物多樣性對城市的重要性",
                "ko": "도시에 생물다양성이 중요한 이유",
                "ja": "都市にとって生物多様性が重要な理由",
                "zh_Hans_CN": "生物多样性对城市的重要性",
            },
            {
                "en": "Mapping urban ecosystems",
                "zh_Hant_TW": "城市生態系統調查與製圖",
                "ko": "도시 생태계 지도 작성",
                "ja": "都市の生態系を地図にする",
                "zh_Hans_CN": "城市生态系统调查与制图",
            },
            {
                "en": "Nature in the municipal budget",
                "zh_Hant_TW": "將自然納入市政預算",
                "ko": "지방정부 예산에 자연 반영하기",
                "ja": "自治体予算に自然を組み込む",
                "zh_Hans_CN": "将自然纳入市级预算",
            },
            {
                "en": "Monitoring and reporting",
                "zh_Hant_TW": "監測與報告",
                "ko": "모니터링과 보고",
                "ja": "モニタリングと報告",
                "zh_Hans_CN": "监测与报告",
            },
        ],
    },
    {
        "kind": "course",
        "format": "online",
        "start": 20,
        "length": 42,
        "capacity": 60,
        "mode": "open",
        "topics": ["environmental_education"],
        "languages": ["en", "zh_Hant_TW"],
        "sessions_per_day": 1,
        "venue": {},
        "texts": {
            "en": {
                "title": "Designing Environmental Education Programmes",
                "summary": "Plan, run and evaluate environmental education for schools and "
                "communities.",
                "description": "For officials of environment and education bureaus who organise "
                "programmes with schools, community centres and volunteers. Weekly online "
                "sessions discuss the exercises.",
            },
            "zh_Hant_TW": {
                "title": "環境教育方案設計課程",
                "summary": "規劃、執行與評估學校及社區的環境教育方案。",
                "description": "適合與學校、社區中心及志工合作辦理活動的環保局與教育局公務人員。"
                "每週一次線上場次討論練習成果。",
            },
            "ko": {
                "title": "환경교육 프로그램 설계 과정",
                "summary": "학교와 지역사회를 위한 환경교육을 기획·운영·평가합니다.",
                "description": "학교, 주민센터, 자원봉사자와 함께 프로그램을 운영하는 환경·교육 "
                "부서 공무원을 위한 과정입니다. 매주 온라인 회차에서 실습 결과를 함께 논의합니다.",
            },
            "ja": {
                "title": "環境教育プログラムの企画研修",
                "summary": "学校や地域向けの環境教育を企画・実施・評価します。",
                "description": "学校、公民館、ボランティアと連携してプログラムを実施する環境部局・"
                "教育委員会の職員向けの研修です。毎週のオンライン回で演習の成果を話し合います。",
            },
            "zh_Hans_CN": {
                "title": "环境教育项目设计培训班",
                "summary": "规划、实施和评估面向学校与社区的环境教育。",
                "description": "面向与学校、社区中心和志愿者合作开展活动的生态环境部门和教育部门"
                "公务人员。每周一次线上场次讨论练习成果。",
            },
        },
        "modules": [
            {
                "en": "Learning goals and audiences",
                "zh_Hant_TW": "學習目標與對象",
                "ko": "학습 목표와 대상",
                "ja": "学習目標と対象者",
                "zh_Hans_CN": "学习目标与对象",
            },
            {
                "en": "Field activities",
                "zh_Hant_TW": "戶外體驗活動",
                "ko": "현장 체험 활동",
                "ja": "フィールド活動",
                "zh_Hans_CN": "户外实践活动",
            },
            {
                "en": "Evaluation",
                "zh_Hant_TW": "成效評估",
                "ko": "성과 평가",
                "ja": "効果の評価",
                "zh_Hans_CN": "成效评估",
            },
        ],
    },
    {
        "kind": "workshop",
        "format": "in_person",
        "start": -120,
        "length": 2,
        "capacity": 24,
        "mode": "nomination",
        "topics": ["circular_economy"],
        "languages": ["en", "ko"],
        "sessions_per_day": 2,
        "venue": {
            "en": "Seoul Upcycling Plaza, Seoul",
            "zh_Hant_TW": "首爾升級再造廣場（首爾市）",
            "ko": "서울새활용플라자(서울특별시)",
            "ja": "ソウル・アップサイクリングプラザ（ソウル市）",
            "zh_Hans_CN": "首尔升级再造广场（首尔市）",
        },
        "texts": {
            "en": {
                "title": "Zero-Waste Cities Workshop",
                "summary": "Past cohort: cities built roadmaps for food-waste and plastic "
                "reduction.",
                "description": "Hosted with the Seoul Metropolitan Government. Teams visited "
                "the plaza's repair and upcycling workshops and drafted roadmaps for food waste "
                "and single-use plastics.",
            },
            "zh_Hant_TW": {
                "title": "零廢棄城市工作坊",
                "summary": "已結束的梯次：各城市擬定廚餘與塑膠減量路徑圖。",
                "description": "與首爾市政府合辦。各團隊參訪廣場內的維修與升級再造工坊，並擬定廚餘"
                "與一次性塑膠的減量路徑圖。",
            },
            "ko": {
                "title": "제로웨이스트 도시 워크숍",
                "summary": "지난 기수: 음식물 쓰레기와 플라스틱 감축 로드맵을 수립했습니다.",
                "description": "서울특별시와 공동 주최했습니다. 각 팀은 플라자의 수리·새활용 공방을 "
                "견학하고 음식물 쓰레기와 일회용 플라스틱 감축 로드맵을 작성했습니다.",
            },
            "ja": {
                "title": "ゼロ・ウェイスト都市ワークショップ",
                "summary": "終了した回：各自治体が食品ロスとプラスチック削減のロードマップを作成しました。",
                "description": "ソウル特別市との共催。各チームはプラザ内の修理・アップサイクル工房を"
                "視察し、食品廃棄物と使い捨てプラスチックの削減ロードマップを作成しました。",
            },
            "zh_Hans_CN": {
                "title": "零废弃城市工作坊",
                "summary": "往期：各城市制定了厨余垃圾与塑料减量路线图。",
                "description": "与首尔特别市政府联合举办。各团队参观了广场内的维修与升级再造工坊，"
                "并制定了厨余垃圾和一次性塑料减量路线图。",
            },
        },
        "modules": [],
    },
    {
        "kind": "course",
        "format": "hybrid",
        "start": 55,
        "length": 30,
        "capacity": 40,
        "mode": "approval",
        "topics": ["nature_based", "water", "resilience"],
        "languages": ["en", "zh_Hans_CN"],
        "sessions_per_day": 1,
        "venue_locale": "zh_Hant_TW",  # the name on the building, next to the English one
        "venue": {
            "en": "Tainan City Hall, Tainan",
            "zh_Hant_TW": "臺南市政府（臺南市）",
            "ko": "타이난시청(타이난시)",
            "ja": "台南市役所（台南市）",
            "zh_Hans_CN": "台南市政府（台南市）",
        },
        "texts": {
            "en": {
                "title": "Nature-based Solutions for Urban Flooding",
                "summary": "Sponge-city design, wetlands and green streets that hold water where "
                "it falls.",
                "description": "Tainan's detention ponds and restored wetlands are the course's "
                "field site; online participants follow the site visit live.",
            },
            "zh_Hant_TW": {
                "title": "以自然為本的城市淹水解方",
                "summary": "海綿城市設計、濕地與綠色街道，讓雨水就地留存。",
                "description": "課程以臺南的滯洪池與復育濕地為現地教室；線上學員可同步參與現地參訪。",
            },
            "ko": {
                "title": "도시 침수에 대응하는 자연기반해법",
                "summary": "빗물을 내린 자리에서 머금는 스펀지 도시 설계, 습지, 녹색 가로.",
                "description": "타이난의 저류지와 복원 습지를 현장 학습지로 삼으며, 온라인 교육생도 "
                "현장 견학에 실시간으로 참여합니다.",
            },
            "ja": {
                "title": "都市型水害への自然を基盤とした解決策",
                "summary": "雨水をその場で受け止めるスポンジシティ設計、湿地、グリーンストリート。",
                "description": "台南市の調整池と再生湿地を現地学習の場とし、オンライン受講者も現地視察に"
                "リアルタイムで参加できます。",
            },
            "zh_Hans_CN": {
                "title": "应对城市内涝的基于自然的解决方案",
                "summary": "海绵城市设计、湿地与绿色街道，让雨水就地滞留。",
                "description": "课程以台南的滞洪池和修复湿地为现场教学点；线上学员可同步参与现场考察。",
            },
        },
        "modules": [
            {
                "en": "Hydrology basics for planners",
                "zh_Hant_TW": "規劃人員的水文學基礎",
                "ko": "계획가를 위한 수문학 기초",
                "ja": "計画担当者のための水文学の基礎",
                "zh_Hans_CN": "规划人员的水文学基础",
            },
            {
                "en": "Designing green infrastructure",
                "zh_Hant_TW": "綠色基礎設施設計",
                "ko": "그린 인프라 설계",
                "ja": "グリーンインフラの設計",
                "zh_Hans_CN": "绿色基础设施设计",
            },
        ],
    },
    {
        "kind": "course",
        "format": "online",
        "start": 5,
        "length": 35,
        "capacity": 80,
        "mode": "open",
        "topics": ["energy", "low_carbon"],
        "languages": ["en", "ja"],
        "sessions_per_day": 1,
        "venue": {},
        "texts": {
            "en": {
                "title": "Net-Zero Retrofits of Municipal Buildings",
                "summary": "Audit, prioritise and finance energy retrofits of schools, offices "
                "and hospitals.",
                "description": "Municipal buildings are often a city's largest energy bill. "
                "Bring the energy data of one building you manage: by the end you will have a "
                "retrofit plan with costs and savings.",
            },
            "zh_Hant_TW": {
                "title": "公有建築淨零改造課程",
                "summary": "診斷學校、辦公廳舍與醫院的能源使用，排定改造優先順序並籌措經費。",
                "description": "公有建築往往是城市最大的能源支出。請帶著一棟您管理的建築的能源資料"
                "參加；課程結束時，您將完成一份附成本與節能效益的改造計畫。",
            },
            "ko": {
                "title": "공공건축물 넷제로 리모델링",
                "summary": "학교, 청사, 병원의 에너지 효율 개선을 진단하고 우선순위를 정하며 재원을 "
                "마련합니다.",
                "description": "공공건축물은 도시의 가장 큰 에너지 비용인 경우가 많습니다. 관리하는 "
                "건물 한 곳의 에너지 자료를 가지고 참여하시면, 과정이 끝날 때 비용과 절감액을 담은 "
                "개선 계획을 갖게 됩니다.",
            },
            "ja": {
                "title": "公共施設のネット・ゼロ改修",
                "summary": "学校・庁舎・病院の省エネ改修を診断し、優先順位を付け、資金を確保します。",
                "description": "公共施設は多くの自治体で最大のエネルギー支出です。管理している建物1棟の"
                "エネルギーデータをご用意ください。研修の終わりには、費用と削減効果を示した改修計画が"
                "完成します。",
            },
            "zh_Hans_CN": {
                "title": "公共建筑净零改造培训班",
                "summary": "对学校、办公楼和医院开展能源审计，排定改造优先次序并落实资金。",
                "description": "公共建筑往往是城市最大的能源开支。请带上您管理的一栋建筑的能耗数据"
                "参加；课程结束时，您将完成一份包含成本与节能效益的改造方案。",
            },
        },
        "modules": [
            {
                "en": "Energy audits",
                "zh_Hant_TW": "能源診斷",
                "ko": "에너지 진단",
                "ja": "エネルギー診断",
                "zh_Hans_CN": "能源审计",
            },
            {
                "en": "Financing retrofits",
                "zh_Hant_TW": "改造經費籌措",
                "ko": "리모델링 재원 마련",
                "ja": "改修の資金調達",
                "zh_Hans_CN": "改造资金筹措",
            },
        ],
    },
    {
        "kind": "workshop",
        "format": "online",
        "start": 90,
        "length": 20,
        "capacity": 20,
        "mode": "nomination",
        "topics": ["resilience", "policy"],
        "languages": ["en", "zh_Hant_TW", "ko"],
        "sessions_per_day": 1,
        "venue": {},
        "texts": {
            "en": {
                "title": "Climate Adaptation Planning Clinic",
                "summary": "Small groups of cities work through their adaptation plans with "
                "mentors.",
                "description": "For cities revising their climate adaptation plan this year. "
                "Each city's focal point nominates the officials in charge; groups of four "
                "cities meet a mentor every week.",
            },
            "zh_Hant_TW": {
                "title": "氣候調適計畫診斷工作坊",
                "summary": "各城市以小組方式，在導師協助下完善調適計畫。",
                "description": "適合今年修訂氣候調適計畫的城市。由各城市聯絡窗口薦派承辦的公務人員；"
                "每四個城市一組，每週與導師會談一次。",
            },
            "ko": {
                "title": "기후적응계획 클리닉 워크숍",
                "summary": "소그룹으로 나뉜 도시들이 멘토와 함께 적응계획을 다듬습니다.",
                "description": "올해 기후변화 적응계획을 수정하는 도시를 위한 워크숍입니다. 각 도시 "
                "담당자가 업무 담당 공무원을 추천하며, 네 개 도시가 한 그룹이 되어 매주 멘토와 "
                "만납니다.",
            },
            "ja": {
                "title": "気候変動適応計画クリニック",
                "summary": "少人数の自治体グループが、メンターとともに適応計画を磨き上げます。",
                "description": "今年度に気候変動適応計画を改定する自治体向けです。各自治体の窓口担当者が"
                "担当職員を推薦し、4自治体ずつのグループで毎週メンターと面談します。",
            },
            "zh_Hans_CN": {
                "title": "气候适应规划诊断工作坊",
                "summary": "各城市分成小组，在导师指导下完善适应规划。",
                "description": "面向今年修订气候适应规划的城市。由各城市联络人推荐负责的公务人员；"
                "每四个城市一组，每周与导师交流一次。",
            },
        },
        "modules": [],
    },
    {
        "kind": "symposium",
        "format": "online",
        "start": -60,
        "length": 1,
        "capacity": 300,
        "mode": "open",
        "topics": ["resilience"],
        "languages": ["en", "ja"],
        "sessions_per_day": 3,
        "venue": {},
        "texts": {
            "en": {
                "title": "Urban Heat Resilience Forum",
                "summary": "Past event: cooling strategies from Tokyo, Taipei and Seoul.",
                "description": "Heat officers and planners compared cooling centres, street "
                "trees, cool roofs and heat-health warnings. Recordings are available to "
                "participants.",
            },
            "zh_Hant_TW": {
                "title": "城市熱韌性論壇",
                "summary": "已結束的活動：東京、臺北與首爾的降溫策略。",
                "description": "各城市負責熱危害的人員與規劃人員比較了避暑中心、行道樹、涼屋頂與"
                "熱傷害預警。參加者可觀看錄影。",
            },
            "ko": {
                "title": "도시 폭염 회복력 포럼",
                "summary": "지난 행사: 도쿄, 타이베이, 서울의 폭염 대응 전략.",
                "description": "폭염 담당 공무원과 도시계획가가 무더위 쉼터, 가로수, 쿨루프, 폭염 "
                "건강 경보를 비교했습니다. 참가자는 녹화 영상을 볼 수 있습니다.",
            },
            "ja": {
                "title": "都市の暑熱レジリエンス・フォーラム",
                "summary": "終了したイベント：東京・台北・ソウルの暑さ対策を紹介しました。",
                "description": "暑熱対策の担当者と計画担当者が、クーリングシェルター、街路樹、"
                "クールルーフ、熱中症警戒情報を比較しました。参加者は録画をご覧いただけます。",
            },
            "zh_Hans_CN": {
                "title": "城市高温韧性论坛",
                "summary": "往期活动：东京、台北和首尔的降温策略。",
                "description": "各城市负责高温应对的人员和规划人员比较了避暑场所、行道树、冷屋顶和"
                "高温健康预警。参会者可观看录像。",
            },
        },
        "modules": [],
    },
    {
        "kind": "course",
        "format": "online",
        "start": 30,
        "length": 28,
        "capacity": 50,
        "mode": "open",
        "topics": ["energy", "policy"],
        "languages": ["en", "zh_Hans_CN", "ko"],
        "sessions_per_day": 1,
        "venue": {},
        "texts": {
            "en": {
                "title": "Renewable Energy Procurement for Cities",
                "summary": "Power purchase agreements, rooftop solar programmes and community "
                "energy.",
                "description": "How a city buys renewable electricity for its own buildings and "
                "helps residents do the same: market options, tender documents and contracts, "
                "with examples from Kaohsiung, Seoul and Shenzhen.",
            },
            "zh_Hant_TW": {
                "title": "城市再生能源採購課程",
                "summary": "購售電合約、屋頂型太陽光電計畫與社區能源。",
                "description": "城市如何為公有建築購買再生能源電力，並協助市民一起行動：市場選項、"
                "招標文件與契約，並以高雄、首爾與深圳為例。",
            },
            "ko": {
                "title": "도시의 재생에너지 조달",
                "summary": "전력구매계약(PPA), 지붕형 태양광 사업, 지역 공동체 에너지.",
                "description": "도시가 공공건물에 쓸 재생에너지 전력을 구매하고 주민의 참여를 돕는 "
                "방법을 다룹니다. 시장 선택지, 입찰 서류, 계약을 가오슝·서울·선전 사례와 함께 "
                "살펴봅니다.",
            },
            "ja": {
                "title": "自治体の再生可能エネルギー調達",
                "summary": "電力購入契約（PPA）、屋根置き太陽光事業、地域エネルギー。",
                "description": "自治体が公共施設の再生可能エネルギー電力を調達し、住民の取組を後押しする"
                "方法を学びます。市場の選択肢、入札書類、契約について、高雄・ソウル・深圳の事例と"
                "ともに取り上げます。",
            },
            "zh_Hans_CN": {
                "title": "城市可再生能源采购",
                "summary": "购电协议、屋顶光伏项目与社区能源。",
                "description": "城市如何为公共建筑采购可再生能源电力，并帮助居民共同参与：市场选择、"
                "招标文件与合同，并以高雄、首尔和深圳为例。",
            },
        },
        "modules": [
            {
                "en": "Market options",
                "zh_Hant_TW": "市場選項",
                "ko": "시장 선택지",
                "ja": "市場の選択肢",
                "zh_Hans_CN": "市场选择",
            },
            {
                "en": "Contract design",
                "zh_Hant_TW": "契約設計",
                "ko": "계약 설계",
                "ja": "契約の設計",
                "zh_Hans_CN": "合同设计",
            },
        ],
    },
    {
        "kind": "workshop",
        "format": "in_person",
        "start": 120,
        "length": 2,
        "capacity": 25,
        "mode": "approval",
        "topics": ["urban_planning", "low_carbon"],
        "languages": ["en", "ja"],
        "sessions_per_day": 2,
        "venue": {
            "en": "Yokohama Port Opening Memorial Hall, Yokohama",
            "zh_Hant_TW": "橫濱市開港紀念會館（橫濱市）",
            "ko": "요코하마 개항기념회관(요코하마시)",
            "ja": "横浜市開港記念会館（横浜市）",
            "zh_Hans_CN": "横滨市开港纪念会馆（横滨市）",
        },
        "texts": {
            "en": {
                "title": "Low-Emission Zones and Sustainable Transport",
                "summary": "From parking policy to bus priority: plan measures that cut "
                "transport emissions.",
                "description": "Hosted with the City of Yokohama. Teams walk the port district "
                "with its transport planners and draft measures for their own city centre.",
            },
            "zh_Hant_TW": {
                "title": "低排放區與永續運輸工作坊",
                "summary": "從停車政策到公車優先：規劃減少運輸排放的措施。",
                "description": "與橫濱市合辦。各團隊與橫濱市交通規劃人員實地走訪港區，並為自己城市的"
                "市中心擬定措施。",
            },
            "ko": {
                "title": "저배출구역과 지속가능한 교통",
                "summary": "주차 정책부터 버스 우선 정책까지, 수송 부문 배출을 줄이는 방안을 "
                "계획합니다.",
                "description": "요코하마시와 공동 주최합니다. 각 팀은 요코하마시 교통계획 담당자와 함께 "
                "항만 지구를 걸으며 살펴보고, 자기 도시 도심에 적용할 방안을 작성합니다.",
            },
            "ja": {
                "title": "低排出ゾーンと持続可能な交通",
                "summary": "駐車政策からバス優先まで、交通部門の排出削減策を計画します。",
                "description": "横浜市との共催です。各チームは横浜市の交通計画担当者と港湾地区を歩いて"
                "視察し、自らの都市の中心市街地での施策を作成します。",
            },
            "zh_Hans_CN": {
                "title": "低排放区与可持续交通工作坊",
                "summary": "从停车政策到公交优先：规划减少交通排放的措施。",
                "description": "与横滨市联合举办。各团队与横滨市交通规划人员实地走访港区，并为本市"
                "中心城区拟定措施。",
            },
        },
        "modules": [],
    },
    {
        "kind": "course",
        "format": "online",
        "start": -200,
        "length": 40,
        "capacity": 60,
        "mode": "open",
        "topics": ["water"],
        "languages": ["en"],
        "sessions_per_day": 1,
        "venue": {},
        "texts": {
            "en": {
                "title": "Water-Sensitive City Design",
                "summary": "Past course: integrated water management for dense districts.",
                "description": "Rainwater harvesting, water reuse and river restoration in "
                "dense districts, taught in English with summaries in four languages.",
            },
            "zh_Hant_TW": {
                "title": "水敏感城市設計課程",
                "summary": "已結束的課程：高密度地區的整合水資源管理。",
                "description": "高密度地區的雨水貯留、水回收再利用與河川復育；以英語授課，附四種語言"
                "摘要。",
            },
            "ko": {
                "title": "물 순환 도시 설계",
                "summary": "지난 과정: 고밀 지역의 통합 물 관리.",
                "description": "고밀 지역의 빗물 이용, 물 재이용, 하천 복원을 다룹니다. 영어로 "
                "강의하며 4개 언어 요약을 제공합니다.",
            },
            "ja": {
                "title": "水循環に配慮した都市デザイン",
                "summary": "終了した研修：高密度地区の統合的な水管理。",
                "description": "高密度地区における雨水利用、水の再利用、河川再生を扱います。講義は"
                "英語で行い、4言語の要約を用意しています。",
            },
            "zh_Hans_CN": {
                "title": "水敏性城市设计培训班",
                "summary": "往期课程：高密度地区的综合水管理。",
                "description": "高密度地区的雨水收集、再生水利用与河道修复；以英语授课，附四种语言"
                "摘要。",
            },
        },
        "modules": [
            {
                "en": "Urban water cycle",
                "zh_Hant_TW": "城市水循環",
                "ko": "도시 물 순환",
                "ja": "都市の水循環",
                "zh_Hans_CN": "城市水循环",
            },
            {
                "en": "Design patterns",
                "zh_Hant_TW": "設計手法",
                "ko": "설계 기법",
                "ja": "設計手法",
                "zh_Hans_CN": "设计手法",
            },
        ],
    },
    {
        "kind": "symposium",
        "format": "hybrid",
        "start": 25,
        "length": 1,
        "capacity": 3,
        "mode": "open",
        "topics": ["environmental_education"],
        "languages": ["zh_Hant_TW", "en"],
        "sessions_per_day": 2,
        "fallback": "zh_Hant_TW",
        "venue": {
            "en": "Kaohsiung Main Public Library, Kaohsiung",
            "zh_Hant_TW": "高雄市立圖書館總館（高雄市）",
            "ko": "가오슝 시립도서관 본관(가오슝시)",
            "ja": "高雄市立図書館総館（高雄市）",
            "zh_Hans_CN": "高雄市立图书馆总馆（高雄市）",
        },
        "texts": {
            "zh_Hant_TW": {
                "title": "青年氣候教育論壇",
                "summary": "與青年共同討論學校與社區的氣候教育；名額有限。",
                "description": "由高中生與教師分享校園減碳與社區行動的經驗，並與市府教育局及環保局"
                "對談。實體名額有限，亦可線上參加。",
            },
            "en": {
                "title": "Youth Climate Education Forum",
                "summary": "Young people and teachers on climate education in schools and "
                "communities; very few seats.",
                "description": "Secondary-school students and teachers share how their schools "
                "cut emissions and act in their neighbourhood, in conversation with the city's "
                "education and environment bureaus. Very few seats on site; online participation "
                "is possible.",
            },
            "ko": {
                "title": "청소년 기후교육 포럼",
                "summary": "학교와 지역사회의 기후교육을 청소년과 함께 이야기합니다. 정원이 매우 "
                "적습니다.",
                "description": "고등학생과 교사가 학교의 탄소 감축과 지역 활동 경험을 나누고, 시 "
                "교육국·환경보호국과 대화합니다. 현장 정원이 매우 적으며 온라인으로도 참여할 수 "
                "있습니다.",
            },
            "ja": {
                "title": "青少年気候教育フォーラム",
                "summary": "学校と地域の気候教育について青少年と語り合います。定員はごくわずかです。",
                "description": "高校生と教員が学校での脱炭素や地域での活動の経験を紹介し、市の教育局・"
                "環境保護局と対話します。会場の定員はごくわずかですが、オンラインでも参加できます。",
            },
            "zh_Hans_CN": {
                "title": "青年气候教育论坛",
                "summary": "与青年共同探讨学校和社区的气候教育；名额有限。",
                "description": "高中生和教师分享校园减碳与社区行动的经验，并与市教育局和环保局对话。"
                "线下名额有限，也可线上参加。",
            },
        },
        "modules": [],
    },
    {
        "kind": "course",
        "format": "online",
        "start": 45,
        "length": 35,
        "capacity": 100,
        "mode": "open",
        "topics": ["policy"],
        "languages": ["en", "zh_Hant_TW", "ko", "ja", "zh_Hans_CN"],
        "sessions_per_day": 1,
        "venue": {},
        "texts": {
            "en": {
                "title": "Voluntary Local Reviews: Reporting City Progress on the SDGs",
                "summary": "Prepare your city's Voluntary Local Review of the Sustainable "
                "Development Goals, from indicators to publication.",
                "description": "More and more cities report their progress on the SDGs in a "
                "Voluntary Local Review. This course follows the steps: choosing goals and "
                "local indicators, collecting data across departments, involving residents, "
                "and writing and publishing the review.",
            },
            "zh_Hant_TW": {
                "title": "地方自願檢視報告（VLR）：城市永續發展目標進展撰寫課程",
                "summary": "從指標到發布，準備貴市的永續發展目標（SDGs）地方自願檢視報告。",
                "description": "越來越多城市以地方自願檢視報告（VLR）說明永續發展目標的進展。本課程"
                "依序介紹：選定目標與在地指標、跨局處蒐集資料、邀請市民參與，以及撰寫與發布報告。",
            },
            "ko": {
                "title": "지역 자발적 검토(VLR): 도시의 SDGs 이행 보고",
                "summary": "지표 선정부터 발간까지, 우리 도시의 지속가능발전목표 지역 자발적 검토 "
                "보고서를 준비합니다.",
                "description": "지속가능발전목표(SDGs) 이행 현황을 지역 자발적 검토(VLR)로 보고하는 "
                "도시가 늘고 있습니다. 이 과정은 목표와 지역 지표 선정, 부서 간 자료 수집, 주민 참여, "
                "보고서 작성과 발간의 단계를 차례로 다룹니다.",
            },
            "ja": {
                "title": "自発的自治体レビュー（VLR）：SDGsの進捗を報告する",
                "summary": "指標の設定から公表まで、自治体のSDGs自発的レビューの作成を学びます。",
                "description": "SDGsの達成状況を自発的自治体レビュー（VLR）として報告する自治体が増えて"
                "います。本研修では、目標とローカル指標の選定、部局横断のデータ収集、住民参加、"
                "レビューの執筆と公表までを順に学びます。",
            },
            "zh_Hans_CN": {
                "title": "地方自愿审查（VLR）：城市可持续发展目标进展报告培训班",
                "summary": "从指标到发布，编制本市可持续发展目标（SDGs）地方自愿审查报告。",
                "description": "越来越多的城市以地方自愿审查报告（VLR）介绍可持续发展目标的进展。本课程"
                "依次讲解：选定目标与本地指标、跨部门收集数据、推动公众参与，以及报告的撰写与发布。",
            },
        },
        "modules": [
            {
                "en": "Goals and local indicators",
                "zh_Hant_TW": "目標與在地指標",
                "ko": "목표와 지역 지표",
                "ja": "目標とローカル指標",
                "zh_Hans_CN": "目标与本地指标",
            },
            {
                "en": "Data from every department",
                "zh_Hant_TW": "跨局處資料蒐集",
                "ko": "부서 간 자료 수집",
                "ja": "部局横断のデータ収集",
                "zh_Hans_CN": "跨部门数据收集",
            },
            {
                "en": "Writing and publishing the review",
                "zh_Hant_TW": "報告撰寫與發布",
                "ko": "보고서 작성과 발간",
                "ja": "レビューの執筆と公表",
                "zh_Hans_CN": "报告撰写与发布",
            },
        ],
    },
]
