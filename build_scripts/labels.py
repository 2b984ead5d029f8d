"""Japanese labels for the codes of the data contract."""

# The licence of everything published, named the same way in every file and page (デジタル庁, 2024-07-05;
# the text says it is compatible with CC BY 4.0).
LICENCE = {
    "name": "PDL-1.0",
    "title": "公共データ利用規約（第1.0版）",
    "path": "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
}
LICENCE_NOTE = "PDL1.0、CC BY 4.0 互換"
LICENCE_TEXT = f"{LICENCE['title']}（{LICENCE_NOTE}）"
ATTRIBUTION = "出典：地域未来戦略 計画データ（各計画の出典資料を加工して作成）"  # how a user names the source

KINDS = {
    "A": "戦略産業クラスター計画",
    "B": "地域産業クラスター計画",
    "C": "地場産業成長プラン",
}
KIND_AUTHORS = {
    "A": "国（内閣官房・経済産業省）",
    "B": "都道府県（市町村長も可）",
    "C": "市町村または都道府県",
}

STATUSES = {
    "draft": "計画案（非公開）",
    "outline": "素案",
    "approved": "策定・公表済",
    "withdrawn": "廃止",
}

MEASURE_STATES = {
    "planned": "未着手",
    "in_progress": "実施中",
    "done": "完了",
    "revised": "見直し",
    "stopped": "中止",
}

SELECTION_BASES = {"candidate_list": "国の候補リストから選定", "evidence": "候補リスト外（証憑により選定）"}

# 「地域未来戦略について」(経済産業政策局, 2026年4月) 「『戦略産業クラスター計画』及び『地域産業成長プラン』の要件等」:
# the requirements (要件) the state checks, per plan kind.
REQUIREMENTS = {
    "A": {
        "growth_strategy": "成長戦略本部での検討との整合性",
        "competitive_advantage": "競争優位性",
        "feasibility": "実現可能性",
        "investment": "投資との整合性",
        "infrastructure": "インフラ整備との整合性",
        "business_partnership": "経済界等との連携",
        "quality_jobs": "地域における良質な雇用の創出・維持",
    },
    "B": {
        "promise": "有望度",
        "feasibility": "実現可能性",
        "external_dependency": "外部依存性",
        "cost_effectiveness": "費用対効果",
        "localization": "現地化",
        "regional_spillover": "域内への波及",
        "commitment": "自治体のコミットメント",
        "ebpm": "EBPMメルクマール",
    },
    "C": {
        "promise": "有望度",
        "feasibility": "実現可能性",
        "external_dependency": "外部依存性",
        "regional_spillover": "域内への波及",
        "commitment": "自治体のコミットメント",
        "ebpm": "EBPMメルクマール",
    },
}

TEXT_SECTIONS = {
    "summary": "概要",
    "goal": "目標（現状認識と目指す姿）",
    "pathway": "道筋（勝ち筋の特定と投資の具体像、定量的なインパクト）",
    "policy_means": "政策手段（課題と事業環境整備の取組）",
    "targets": "売上目標・付加価値目標",
    "support_system": "伴走支援体制",
    "contact": "相談窓口",
}

# What happened to a plan or a row between two releases of the data (derive/releases.py), in words.
CHANGE_WORDS = {"added": "追加", "changed": "変更", "removed": "削除"}


RESOURCES = {
    "companies": "重点支援企業",
    "core_projects": "核となる投資案件",
    "investments": "投資計画（規模・スケジュール）",
    "measures": "施策（5W1H）",
    "kpis": "KPI",
    "progress": "進捗報告（KPI実績）",
    "revisions": "改訂履歴",
}


def table_words(table: str) -> str:
    """A table of a release's change log in words: a plan table's name, else the plans themselves (計画)."""
    return RESOURCES.get(table, "計画")
