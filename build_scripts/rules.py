"""Every validation rule: its id, grade, Japanese title and how to fix it (one place, for messages and help)."""

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    id: str
    grade: str
    title: str  # what is wrong, in Japanese
    hint: str  # how to fix it, in Japanese
    title_en: str
    hint_workbook: str = ""  # how to fix it in an Excel workbook, where the hint speaks of YAML or CSV files

    def hint_for(self, in_workbook: bool) -> str:
        return self.hint_workbook if in_workbook and self.hint_workbook else self.hint


_RULES = [
    Rule(
        "yaml-syntax",
        ERROR,
        "datapackage.yaml を YAML として読めません",
        "インデント（半角スペース）とコロンの後の空白を確認してください。タブは使えません。",
        "YAML syntax error",
    ),
    Rule(
        "yaml-alias",
        ERROR,
        "datapackage.yaml にアンカー（&）・エイリアス（*）があります",
        "同じ内容も、参照を使わずにそのまま書いてください（参照は小さなファイルを巨大な内容に展開でき、差分から内容が読み取れません）。",
        "YAML anchors and aliases are not allowed",
    ),
    Rule(
        "duplicate-key",
        ERROR,
        "datapackage.yaml の同じところに同じ項目が2回あります",
        "どちらか1つにしてください（YAML では後のほうが黙って使われ、差分を読む人には前のほうが見えてしまいます）。",
        "a key is given twice in one mapping",
    ),
    Rule(
        "limit",
        ERROR,
        "大きさの上限を超えています",
        "datapackage.yaml は 1 MB・入れ子 20 段まで、CSV は 20 MB・20,000 行まで、1つの値は 10,000 文字まで、数値は15桁までです。"
        "計画のデータとしては十分な大きさです。値やファイルを分けるか、内容を確かめてください。",
        "a size limit is exceeded",
        hint_workbook="1つのシートは 20,000 行・60 列まで、1つの値は 10,000 文字まで、数値は15桁までです。"
        "使っていない行や列を削除するか、内容を確かめてください。",
    ),
    Rule(
        "not-regular-file",
        ERROR,
        "普通のファイルではないものがあります（リンクなど）",
        "計画のフォルダには普通のファイルとフォルダだけを置きます。シンボリックリンク・デバイス・FIFO は読みません。"
        "ファイルの場所にフォルダがある場合も同じです。リンクなら、リンク先のファイルそのものをコピーしてください。",
        "not a regular file (a link, device, FIFO or folder)",
    ),
    Rule(
        "descriptor-keys",
        ERROR,
        "datapackage.yaml に規約にない項目があります",
        "最上位に書けるのは plan: と resources: だけです。",
        "unknown top-level key in datapackage.yaml",
    ),
    Rule(
        "plan-metadata",
        ERROR,
        "計画メタデータ（plan:）が規約に合いません",
        "datapackages/schemas/plan-metadata.schema.yaml の項目名・型に合わせてください。コードは '01' のように引用符で囲みます。",
        "plan metadata does not match the contract",
        hint_workbook="「計画」シートの「説明」の列に書かれた形に合わせてください"
        "（日付は 2026-04-01、年度は 2026 のような半角の整数、複数の値は半角の ; で区切ります）。",
    ),
    Rule(
        "resource-declaration",
        ERROR,
        "resources: の書き方が規約に合いません",
        "各リソースは name（companies など）、path（<name>.csv）、schema（../../../schemas/<name>.schema.yaml）だけを書きます。",
        "resource declaration does not match the contract",
    ),
    Rule(
        "resource-kind",
        ERROR,
        "この種類の計画には載せられない表です",
        "companies と investments は B、core_projects は A の計画だけが持てます。",
        "resource not allowed for this plan kind",
    ),
    Rule(
        "file-missing",
        ERROR,
        "宣言されたファイルがありません",
        "resources: の path と同じ名前のCSVファイルを計画のフォルダに置いてください。",
        "declared file is missing",
    ),
    Rule(
        "undeclared-file",
        WARNING,
        "resources: に宣言されていないファイルがあります（公開されません）",
        "必要なファイルなら resources: に宣言し、不要なら削除してください。",
        "file not declared in resources",
    ),
    Rule(
        "folder-layout",
        ERROR,
        "計画のフォルダの場所が規約に合いません",
        (
            "A は datapackages/blocks/<ブロックID>/<計画ID>/、B・C は dat"
            "apackages/prefectures/<都道府県コード>-<英名>/<計画ID>/ に置きます。"
        ),
        "plan folder is in the wrong place",
    ),
    Rule(
        "duplicate-plan-id",
        ERROR,
        "同じ計画IDが複数あります",
        "計画IDはリポジトリ全体で一意です。一度使ったIDは再利用しないでください。",
        "plan id is not unique",
    ),
    Rule(
        "encoding",
        ERROR,
        "ファイルが UTF-8 ではありません（または読めない形式です）",
        "CSV は Excel の「CSV UTF-8（コンマ区切り）」で、datapackage.yaml はテキストエディタで文字コード UTF-8 を選んで"
        "保存し直してください。Shift_JIS（CP932）や UTF-16 は読めません。",
        "file is not UTF-8",
        hint_workbook="Excel で開き、「名前を付けて保存」で「Excel ブック（.xlsx）」を選んで保存し直してください。",
    ),
    Rule(
        "csv-syntax",
        ERROR,
        "CSVの書式が正しくありません",
        '引用符（"）の閉じ忘れや、列数が見出し行と違う行がないか確認してください。',
        "malformed CSV",
    ),
    Rule(
        "extra-column",
        ERROR,
        "規約にない列があります",
        "共有スキーマにない列は載せられません（非公開情報の混入を防ぐため）。列名の綴りを確認するか、列を削除してください。",
        "column is not in the shared schema",
    ),
    Rule(
        "missing-column",
        ERROR,
        "必須の列がありません",
        "共有スキーマの必須列（見出し行）を追加してください。",
        "required column is missing",
    ),
    Rule(
        "duplicate-column",
        ERROR,
        "同じ列名が2回あります",
        "重複した列を1つにしてください。",
        "duplicate column",
    ),
    Rule("required", ERROR, "必須の値が空です", "値を入力してください。", "required value is empty"),
    Rule(
        "type",
        ERROR,
        "値の形式が違います",
        "数値は半角数字のみ（桁区切りのコンマなし、例：12345）、日付は西暦の YYYY-MM-DD（例：2026-04-01）で書きます。",
        "value has the wrong type",
    ),
    Rule(
        "pattern",
        ERROR,
        "値の書式が違います",
        "コード類は半角数字で、先頭の0も含めて書きます（例：団体コード 011002）。",
        "value does not match the pattern",
    ),
    Rule(
        "enum",
        ERROR,
        "決められた値以外が入っています",
        "説明にある値のどれかを書いてください。",
        "value is not one of the allowed values",
    ),
    Rule("range", ERROR, "値が範囲外です", "最小値・最大値を確認してください。", "value is out of range"),
    Rule(
        "unique-key",
        ERROR,
        "キーが重複しています",
        "IDや法人番号など、1行を特定する値は表の中で一意にします。",
        "duplicate key",
    ),
    Rule(
        "foreign-key",
        ERROR,
        "参照先が見つかりません",
        "progress の kpi_id は kpis にあるIDを書きます。",
        "reference to a missing row",
    ),
    Rule(
        "corporate-number",
        ERROR,
        "法人番号のチェックディジットが正しくありません",
        "国税庁の法人番号公表サイトで13桁の番号を確かめてください（先頭1桁がチェックディジット）。",
        "corporate number check digit is wrong",
    ),
    Rule(
        "municipality-code",
        ERROR,
        "全国地方公共団体コードが正しくありません",
        "6桁（チェックディジット付き）のコードを総務省の一覧で確かめてください。5桁のコードには末尾のチェックディジットが必要です。",
        "municipality code is invalid or unknown",
    ),
    Rule(
        "prefecture-code",
        ERROR,
        "都道府県コードが正しくありません",
        "01（北海道）〜47（沖縄県）の2桁で書きます。",
        "unknown prefecture code",
    ),
    Rule(
        "block-id",
        ERROR,
        "地域ブロックIDが正しくありません",
        "hokkaido, tohoku, kanto, chubu, hokuriku, kinki, chugoku, shikoku, kyushu, okinawa のどれかです。",
        "unknown block id",
    ),
    Rule(
        "strategic-field",
        ERROR,
        "戦略分野の番号が正しくありません",
        "17の戦略分野の番号 1〜17 で書きます。",
        "unknown strategic field number",
    ),
    Rule(
        "area",
        ERROR,
        "対象地域（area:）が計画の種類に合いません",
        "A は block が必須、B・C は prefectures（都道府県コード）が必須です。A の都道府県はそのブロックに属する必要があります。",
        "area does not fit the plan kind",
    ),
    Rule(
        "area-mismatch",
        WARNING,
        "計画の対象地域の外のコードです",
        "所在地が計画の対象都道府県の外にあります。意図したものか確認してください。",
        "code outside the plan's area",
    ),
    Rule(
        "formula-prefix",
        ERROR,
        "Excel で数式として実行される文字で始まる値です",
        "先頭の =, +, -, @, タブ, 改行 を取り除くか、全角にするか、前に文字を足してください。",
        "cell starts with a spreadsheet formula character",
    ),
    Rule(
        "control-character",
        ERROR,
        "制御文字が含まれています",
        "改行以外の制御文字（タブなど）を削除してください。",
        "control character in text",
    ),
    Rule(
        "invisible-character",
        ERROR,
        "見えない文字・表示の向きを変える文字が含まれています",
        "ゼロ幅スペース、書字方向の制御文字（U+202E など）、その他の書式文字を削除してください。"
        "表示される文字と実際のデータが違ってしまい、検索や照会で見つからなくなります。",
        "invisible or direction-changing character in text",
    ),
    Rule(
        "url-scheme",
        ERROR,
        "URL が http:// または https:// で始まっていません",
        "公開されているページの http(s) URL だけを書きます。確認できない場合は url を書かないでください。",
        "URL must be http or https",
    ),
    Rule(
        "date",
        ERROR,
        "存在しない日付、またはまだ来ていない日付です",
        "西暦の YYYY-MM-DD で、実在する、今日までの日付を書きます（公表日・更新日・廃止日は未来にはなりません）。",
        "invalid or future date",
    ),
    Rule(
        "date-order",
        ERROR,
        "日付・年度の前後関係が正しくありません",
        "開始は終了より前、公表日は更新日より前になるようにしてください。",
        "dates are out of order",
    ),
    Rule(
        "status",
        ERROR,
        "状態（status）に必要な項目がありません",
        "approved には published_on と period、withdrawn には withdrawn_on が必要です。",
        "status requirements not met",
    ),
    Rule(
        "example-label",
        ERROR,
        "記載例（架空データ）の表示が足りません",
        "example: true の計画は計画名に「記載例」を含め、企業名に「架空」または「記載例」を含めます。"
        "example: false の計画の名前に「記載例」は使えません。",
        "fictional example is not labelled",
    ),
    Rule(
        "requirement-key",
        ERROR,
        "この種類の計画にない要件IDです",
        "requirements: のキーは計画の種類ごとの要件ID（ヘルプ参照）から選びます。",
        "unknown requirement id for this kind",
    ),
    Rule(
        "period-length",
        WARNING,
        "計画期間が5年を超えています",
        "計画は5年計画が基本です（10年以内の実現を目標）。期間を確認してください。",
        "plan period longer than five years",
    ),
    Rule(
        "kpi-stale",
        WARNING,
        "1年以上進捗報告のないKPIがあります",
        "半年に一回程度、progress.csv に実績を追加してください。",
        "KPI without a progress report for over a year",
        hint_workbook="半年に一回程度、進捗報告のブック（検査と変換のページにあります）で実績を出してください。",
    ),
    Rule(
        "company-in-two-plans",
        WARNING,
        "同じ法人番号が複数の計画に載っています",
        "意図したものか確認してください（同じ企業が複数の計画の重点支援企業になることはあり得ます）。",
        "company listed in more than one plan",
    ),
    Rule(
        "edition-changed",
        ERROR,
        "投資マップの版（datapackages/editions/）のファイルが、版を作った後に変わっています",
        "版は一度コミットしたら変えません。変更を元に戻してください（git checkout で戻せます）。新しい状況は、"
        "chiiki edition --id YYYY-MM で新しい版として作ります。",
        "an edition's file no longer matches its recorded hash",
    ),
    Rule(
        "edition-shape",
        ERROR,
        "投資マップの版（datapackages/editions/）が、chiiki edition の作る形になっていません",
        "版は chiiki edition だけが作ります。手で作ったり直したりしたフォルダは取り除き（git checkout で戻せます）、"
        "chiiki edition --id YYYY-MM で作り直してください。",
        "an edition is not shaped as chiiki edition writes it",
    ),
    Rule(
        "submission",
        ERROR,
        "プルリクエストに、計画のデータとして取り込めないファイル（または削除）があります",
        "Excel のブックや CSV は、サイトの「検査と変換」のページ（/contribute/check/）で変換し、表示されたフォルダに"
        "表示されたファイルだけを置きます。計画をやめるときは、フォルダを消さずに status: withdrawn にします。",
        "a change that cannot become plan data where it is (a workbook, a misplaced file, a deleted plan)",
    ),
    Rule(
        "sheet-structure",
        ERROR,
        "Excel のシートに、取り込むと意味が変わるところがあります（結合したセル・非表示の行）",
        "結合したセルは結合を解除して、それぞれのセルに値を書きます。非表示の行は再表示して内容を確かめ、"
        "載せない行は削除します（非表示のままでは、その行も公開されます）。",
        "a merged cell or a hidden row: importing would change what the sheet says",
    ),
    Rule(
        "excel-format",
        ERROR,
        "Excel の表示と、保存される値が違うセルです",
        "パーセント（15%）や千単位（#,##0,）の表示形式のセルは、見えている数と取り込まれる値が違います（15% は 0.15）。"
        "セルの表示形式を「標準」か「文字列」にして、見えている数（15）をそのまま入れ、単位は単位の列に書いてください。",
        "a cell whose Excel number format shows another number than it holds (percent, scaled)",
    ),
    Rule(
        "magnitude",
        WARNING,
        "桁が大きすぎるかもしれない値です",
        "投資規模の単位は億円です。百万円で書いた値なら 100 で、千円なら 100,000 で割ってください"
        "（4,500 百万円は 45 億円）。本当にその額なら、このままで構いません。",
        "an implausibly large value: check the unit",
    ),
    Rule(
        "non-public",
        ERROR,
        "公開しない情報（投資する企業）が書かれています",
        "投資計画は、国の方針（「企業名を念頭におきつつ、企業は非公開で」）により、企業を特定できる記述を書きません。"
        "企業名・法人格（株式会社など）を消し、設備や工場の種類だけを書いてください。",
        "non-public information: a company named in an investment",
    ),
    Rule(
        "report-before-plan",
        WARNING,
        "計画の公表日や KPI の基準時点より前の進捗報告です",
        "進捗報告は、計画の公表（published_on）の後、KPI の基準時点（baseline_date）の後に行います。"
        "年の取り違え（2025 と 2026 など）がないか確かめてください。基準時点の値なら、KPI の基準値（baseline_value）に書きます。",
        "a progress report dated before the plan was published or before its KPI's baseline",
    ),
    Rule(
        "unknown-plan",
        ERROR,
        "進捗報告の計画が見つかりません",
        "「進捗報告の提出」シートの計画ID（id）には、サイトの計画のページに書かれた ID をそのまま書きます。",
        "no plan with the progress report's plan id",
    ),
    Rule(
        "unmatched-plan",
        WARNING,
        "進捗報告を計画と照合していません",
        "このページには計画のデータがないため、KPI ID や計画の公表日との照合はプルリクエストで行います"
        "（書式・日付・数値はここで検査しました）。",
        "the progress report was not compared with its plan here (the pull request does)",
    ),
    Rule(
        "missing-table",
        ERROR,
        "計画に必要な表がありません",
        "承認された B の計画は重点支援企業一覧（companies.csv、Excel ではシート「重点支援企業」）を載せます。"
        "Excel でシートを消したり名前を変えたりしたときは、テンプレートのシート名に戻してください。"
        "一覧がまだ公表されていなければ status: outline（概要のみ）にします。",
        "a table the plan needs is missing",
    ),
    Rule(
        "placeholder",
        ERROR,
        "テンプレートの記入例や架空の記載例が、実際の計画に残っています",
        "「（概要）」のような記入例や、「架空」の記載例の文・企業は、公表された計画の実際の内容に置き換えます。"
        "記載例として載せるなら example: true にします。書きかけなら status: draft にします（公開されません）。",
        "a template placeholder or fictional example text in a real plan",
    ),
    Rule(
        "whitespace",
        WARNING,
        "値の前後に空白があります",
        "前後の空白を削除してください。",
        "leading or trailing whitespace",
    ),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
