# Cognate's hosted pages and mails, Japanese.
# Every other catalog must have every key this one has (a test checks it).

sign-in-title = サインイン
sign-in-button = サインイン
sign-up-title = アカウントの作成
sign-up-button = 登録
confirm-title = アカウントの確認
confirm-intro = { $destination } にコードを送信しました。下に入力して、アカウントを確認してください。
confirm-button = アカウントを確認
resend-button = 新しいコードを送信
forgot-title = パスワードをお忘れですか？
forgot-intro = ユーザー名またはメールアドレスを入力してください。パスワードを再設定するためのコードをお送りします。
forgot-button = コードを送信
reset-title = パスワードの再設定
reset-intro = { $destination } にコードを送信しました。新しいパスワードと一緒に入力してください。
reset-button = パスワードを変更
new-password-title = 新しいパスワードの設定
new-password-intro = お使いのアカウントには仮パスワードが設定されています。続けるには新しいパスワードを設定してください。
new-password-button = パスワードを設定してサインイン
signed-out-title = サインアウトしました
signed-out-text = このブラウザーからサインアウトしました。
error-title = 問題が発生しました
username = ユーザー名
your-email = メールアドレス
email = メールアドレス
phone = 電話番号
username-or-email = ユーザー名またはメールアドレス
password = パスワード
new-password = 新しいパスワード
code = コード
forgot-link = パスワードをお忘れですか？
need-account = アカウントをお持ちでないですか？
sign-up-link = 登録
have-account = すでにアカウントをお持ちですか？
sign-in-link = サインイン
back-to-sign-in = サインインに戻る
password-rules = パスワードには次が必要です:
rule-length = { $n } 文字以上
rule-upper = 大文字
rule-lower = 小文字
rule-number = 数字
rule-symbol = 記号
notice-confirmed = アカウントが確認されました。サインインして続けてください。
notice-password-reset = パスワードを変更しました。新しいパスワードでサインインしてください。
notice-code-sent = 新しいコードを送信しました。
notice-admin-confirm = アカウントが作成されました。サインインするには、管理者による承認が必要です。
csrf-failed = このフォームは有効期限が切れたか、別のサイトから送信されました。フォームを再読み込みして、もう一度お試しください。
what-next = 元のアプリからもう一度やり直すことができます。
what-next-authorize = アプリから、このサーバーでは受け付けられないサインイン要求が送られました。アプリに戻ってもう一度サインインすると解決する場合があります。繰り返し発生する場合は、アプリのサポートにお問い合わせください。
not-found = このページは存在しません。
internal = 予期しないエラーが発生しました。しばらくしてからもう一度お試しください。
mfa-totp-title = 認証アプリのコードを入力
mfa-totp-intro = 認証アプリを開き、このアカウントに表示される 6 桁のコードを入力してください。スマートフォンをなくした場合は、代わりに復旧コードのいずれかを入力してください。
mfa-email-title = メールを確認してください
mfa-email-intro = { $destination } にサインインコードを送信しました。下に入力してください。
mfa-sms-title = スマートフォンを確認してください
mfa-sms-intro = { $destination } にサインインコードを SMS で送信しました。下に入力してください。
mfa-code-label = コード
mfa-verify-button = 確認
mfa-remember = このデバイスを記憶する (次回からこのデバイスではこの手順を省略)
mfa-select-title = 確認方法の選択
mfa-select-intro = このアカウントには複数の 2 要素目が設定されています。どれを使いますか？
mfa-setup-title = アカウントの保護
mfa-setup-intro = このアプリでは、サインインに 2 段階目の確認が必要です。認証アプリで QR コードを読み取り (またはキーを入力し)、表示された 6 桁のコードを入力してください。
mfa-setup-key = キー
mfa-setup-button = 確認して続ける
mfa-setup-alternatives = 別の方法でコードを受け取る:
factor-totp = 認証アプリ
factor-email = メールでコードを受け取る
factor-sms = SMS でコードを受け取る
recovery-title = 復旧コードを保存してください
recovery-intro = 認証アプリを紛失した場合、これらのコードはそれぞれ 1 回だけサインインに使えます。安全な場所に保管してください。表示されるのは今回だけです。
continue-button = 続ける
account-title = アカウント
account-signed-in-as = { $username } としてサインインしています。
account-security = サインインのセキュリティ
account-totp-on = 認証アプリ: オン
account-totp-off = 認証アプリ: オフ
account-email-on = メールでのコード: オン
account-email-off = メールでのコード: オフ
account-sms-on = SMS でのコード: オン
account-sms-off = SMS でのコード: オフ
account-preferred = 優先
account-make-preferred = 優先に設定
account-turn-on = オンにする
account-turn-off = オフにする
account-set-up-totp = 認証アプリを設定
account-new-recovery = 新しい復旧コード
account-replace-totp = 新しい認証アプリに移行
account-recovery-left = 復旧コードは残り { $n } 個です。
account-devices = 記憶されたデバイス
account-no-devices = 記憶されたデバイスはありません。
account-forget = 削除
account-last-used = 最終使用:
account-change-password = パスワードを変更
account-current-password = 現在のパスワード
account-password-changed = パスワードを変更しました。
account-saved = 保存しました。
account-device-forgotten = デバイスの記憶を解除しました。このデバイスでは再び 2 要素目の確認が求められます。
account-totp-title = 認証アプリの設定
account-totp-intro = 認証アプリで QR コードを読み取り (またはキーを入力し)、表示された 6 桁のコードを入力してください。
account-sign-in-first = 先にアプリにサインインしてから、もう一度アカウントページを開いてください。
sign-out = サインアウト
continue-with = { $name } で続ける
or-divider = または
sso-label = 勤務先のメールアドレス
sso-button = 続ける
sso-no-match = このメールドメインにはサインイン方法が設定されていません。アドレスを確認するか、別の方法でサインインしてください。
federation-expired = このサインインは有効期限が切れたか、すでに完了しています。
federation-other-browser = このサインインは別のブラウザーで開始されました。アプリに戻り、このブラウザーからもう一度サインインしてください。

# Language picker
language-picker = 言語

# Forms
optional = (任意)
required-legend = * の付いた項目は必須です。
confirm-password = パスワードの確認
show-password = 表示
hide-password = 非表示
hint-phone = 国番号を付けてください (例: +14325551212)
signup-closed = このアプリでは、ご自身でアカウントを作成することはできません。アプリの管理者に作成を依頼してください。
providers-heading = 次でサインイン
passkey-sign-in = パスキーでサインイン

# Attributes
attr-given-name = 名
attr-family-name = 姓
attr-middle-name = ミドルネーム
attr-name = 氏名
attr-nickname = ニックネーム
attr-preferred-username = 希望するユーザー名
attr-birthdate = 生年月日
attr-zoneinfo = タイムゾーン
attr-locale = 言語
attr-gender = 性別
attr-address = 住所
attr-website = ウェブサイト
attr-picture = 写真
attr-profile = プロフィールページ

# What went wrong, for people
err-wrong-credentials = ユーザー名とパスワードが一致しません。確認して、もう一度お試しください。
err-session-expired = このサインインは時間がかかりすぎたか、すでに使用されています。もう一度サインインしてください。
err-not-allowed = このアカウントではその操作はできません。もう一度サインインするか、アプリのサポートにお問い合わせください。
err-locked = パスワードの誤りが多すぎます。{ $minutes } 分待ってからもう一度お試しいただくか、パスワードを再設定してください。
err-user-disabled = このアカウントは無効になっています。有効に戻すには、アプリのサポートにお問い合わせください。
err-temporary-expired = 仮パスワードの有効期限が切れています。アプリの管理者に新しい仮パスワードを依頼してください。
err-too-many-network = お使いのネットワークからの試行回数が多すぎます。数分待ってから、もう一度お試しください。
err-limit = 試行回数が多すぎます。数分待ってから、もう一度お試しください。
err-code-mismatch = コードが正しくありません。確認してもう一度お試しいただくか、新しいコードをリクエストしてください。
err-code-expired = コードの有効期限が切れています。新しいコードをリクエストしてください。
err-username-exists = この名前のアカウントはすでに存在します。サインインするか、別の名前を選んでください。
err-alias-exists = そのメールアドレスまたは電話番号は、すでに別のアカウントで使われています。
err-password-policy = より強力なパスワードを選んでください。以下のルールを満たす必要があります。
err-password-history = このパスワードは最近使用されています。別のパスワードを選んでください。
err-user-not-found = その名前のアカウントは見つかりませんでした。
err-not-confirmed = 先にアカウントを確認してください。コードをお送りしています。
err-reset-required = サインインする前に、新しいパスワードを設定する必要があります。
err-code-delivery = コードを送信できませんでした。アドレスを確認して、しばらくしてからもう一度お試しください。
err-upstream = 組織のサインインサービスから応答がありませんでした。しばらくしてからもう一度お試しください。
err-invalid-request = このリクエストに無効な内容が含まれています。アプリに戻って、もう一度お試しください。
err-current-password = 現在のパスワードが正しくありません。
err-enter-password = この変更を確認するには、パスワードを入力してください。
unreadable-request = このページに送信されたリクエストを読み取れませんでした。
detail-for-developers = アプリ開発者向けの詳細

# How to fix a field
fix-required = この項目を入力してください。
fix-email = name@example.com のような形式でメールアドレスを入力してください
fix-phone = +14325551212 のように国番号を付けて電話番号を入力してください
fix-too-long = { $n } 文字以内で入力してください。
fix-too-short = { $n } 文字以上で入力してください。
fix-number = 整数を入力してください。
fix-range = { $min } から { $max } までの数値を入力してください。
fix-number-range = 許可された範囲内の数値を入力してください。
fix-value = 有効な値を入力してください。
fix-username-shape = 1～128 文字で、スペースを含めずに入力してください。
fix-username-email = メールアドレス以外のユーザー名を選んでください。メールアドレスでもサインインできます。
fix-username-phone = 電話番号以外のユーザー名を選んでください。電話番号でもサインインできます。
fix-password-length = { $n } 文字以上で入力してください。
fix-password-too-long = 256 文字以内で入力してください。
fix-password-upper = 大文字を含めてください。
fix-password-lower = 小文字を含めてください。
fix-password-number = 数字を含めてください。
fix-password-symbol = ! や # などの記号を含めてください。
fix-password-mismatch = パスワードが一致しません。

# Ways on
way-sign-in-again = もう一度サインイン
way-try-again = もう一度試す
way-reload-form = フォームを再読み込み
way-back-to-app = アプリに戻る

# MFA
mfa-try-another-way = 別の方法を試す:
mfa-setup-same-phone = このスマートフォンで設定しますか？認証アプリを開く
mfa-qr-alt = 認証アプリ用の QR コード
mfa-use-recovery = スマートフォンを紛失しましたか？リカバリーコードを使用してください
mfa-recovery-label = リカバリーコード

# Recovery codes
recovery-download = ダウンロード
recovery-copy = コピー
recovery-copied = コピーしました
recovery-print = 印刷
recovery-saved = これらのコードを安全な場所に保存しました
recovery-file-heading = 復旧コード: 認証アプリを紛失した場合、各コードで 1 回サインインできます。

# Account page
account-back-to-app = アプリに戻る
account-confirm-password = 確認のためパスワードを入力
account-fresh-sign-in = これを変更するには、過去 5 分以内にサインインしている必要があります。
account-authenticator = 認証アプリ

# Passkeys
passkeys-heading = パスキー
passkeys-none = パスキーはまだありません。パスキーを使うと、パスワードの代わりに指紋、顔、または画面ロックでサインインできます。
passkeys-add = パスキーを追加
passkeys-name = 名前
passkeys-save = 保存
passkeys-rename = 名前を変更
passkeys-delete = 削除
passkeys-created = 追加日:
passkeys-never-used = なし
passkeys-added = パスキーを保存しました。次回からこのパスキーでサインインできます。
passkeys-deleted = パスキーを削除しました。
passkeys-need-script = パスキーには JavaScript が必要ですが、このブラウザーでは無効になっています。
passkeys-failed = パスキーを使用できませんでした。もう一度お試しいただくか、別の方法でサインインしてください。
passkeys-offer-title = 次回はもっと速くサインイン
passkeys-offer-intro = パスキーを追加すると、パスワードの代わりに指紋、顔、または画面ロックでサインインできます。
passkeys-not-now = 今はしない
factor-passkey = パスキーを使う

# Dates: { $year }年{ $month }{ $day }日 { $time } UTC
date-time = { $year }年{ $month }{ $day }日 { $time } UTC
month-1 = 1月
month-2 = 2月
month-3 = 3月
month-4 = 4月
month-5 = 5月
month-6 = 6月
month-7 = 7月
month-8 = 8月
month-9 = 9月
month-10 = 10月
month-11 = 11月
month-12 = 12月

# Mails: each has a subject, a greeting, the line before the code, and what to do.
# The HTML and text parts are built from these in templates/email/layout.*.
mail-verification-subject = 確認コードのお知らせ
mail-verification-greeting = { $username } 様
mail-verification-lead = 確認コードは次のとおりです:
mail-verification-body = 確認ページでこのコードを入力して、アカウントの作成を完了してください。コードの有効期限は 24 時間です。登録した覚えがない場合は、このメールを無視してください。
mail-forgot-password-subject = パスワード再設定コードのお知らせ
mail-forgot-password-greeting = { $username } 様
mail-forgot-password-lead = パスワード再設定コードは次のとおりです:
mail-forgot-password-body = 有効期限は 1 時間です。パスワードの再設定をリクエストしていない場合は、このメールを無視してください。パスワードは変更されていません。
mail-invitation-subject = 仮パスワードのお知らせ
mail-invitation-greeting = こんにちは。
mail-invitation-lead = あなたのアカウントが作成されました。ユーザー名は { $username } で、仮パスワードは次のとおりです:
mail-invitation-body = これらの情報でサインインすると、新しいパスワードの設定を求められます。仮パスワードは、期限内に使用しないと無効になります。
mail-mfa-code-subject = サインインコードのお知らせ
mail-mfa-code-greeting = { $username } 様
mail-mfa-code-lead = サインインコードは次のとおりです:
mail-mfa-code-body = サインインページでこのコードを入力して、サインインを完了してください。コードの有効期限は 5 分です。サインインしようとした覚えがない場合は、第三者にパスワードを知られています。今すぐ変更してください。
sms-mfa-code = 認証コードは { $code } です。
sms-invitation = ユーザー名は { $username }、仮パスワードは { $code } です。
