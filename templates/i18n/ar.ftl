# Cognate's hosted pages and mails, Arabic (Modern Standard Arabic).
# Every other catalog must have every key this one has (a test checks it).

sign-in-title = تسجيل الدخول
sign-in-button = تسجيل الدخول
sign-up-title = إنشاء حساب
sign-up-button = إنشاء حساب
confirm-title = تأكيد حسابك
confirm-intro = أرسلنا رمزًا إلى { $destination }. أدخله أدناه لتأكيد حسابك.
confirm-button = تأكيد الحساب
resend-button = إرسال رمز جديد
forgot-title = هل نسيت كلمة المرور؟
forgot-intro = أدخل اسم المستخدم أو عنوان بريدك الإلكتروني وسنرسل إليك رمزًا لإعادة تعيين كلمة المرور.
forgot-button = إرسال الرمز
reset-title = إعادة تعيين كلمة المرور
reset-intro = أرسلنا رمزًا إلى { $destination }. أدخله مع كلمة المرور الجديدة.
reset-button = تغيير كلمة المرور
new-password-title = تعيين كلمة مرور جديدة
new-password-intro = لحسابك كلمة مرور مؤقتة. اختر كلمة مرور جديدة للمتابعة.
new-password-button = تعيين كلمة المرور وتسجيل الدخول
signed-out-title = لقد سجّلت الخروج
signed-out-text = تم تسجيل خروجك من هذا المتصفح.
error-title = حدث خطأ ما
username = اسم المستخدم
your-email = عنوان بريدك الإلكتروني
email = البريد الإلكتروني
phone = رقم الهاتف
username-or-email = اسم المستخدم أو البريد الإلكتروني
password = كلمة المرور
new-password = كلمة المرور الجديدة
code = الرمز
forgot-link = هل نسيت كلمة المرور؟
need-account = ليس لديك حساب؟
sign-up-link = أنشئ حسابًا
have-account = لديك حساب بالفعل؟
sign-in-link = سجّل الدخول
back-to-sign-in = العودة إلى تسجيل الدخول
password-rules = يجب أن تحتوي كلمة المرور على:
rule-length = { $n ->
    [zero] { $n } حرف على الأقل
    [one] حرف واحد على الأقل
    [two] حرفين على الأقل
    [few] { $n } أحرف على الأقل
    [many] { $n } حرفًا على الأقل
   *[other] { $n } حرف على الأقل
}
rule-upper = حرف كبير
rule-lower = حرف صغير
rule-number = رقم
rule-symbol = رمز خاص
notice-confirmed = تم تأكيد حسابك. سجّل الدخول للمتابعة.
notice-password-reset = تم تغيير كلمة المرور. سجّل الدخول بكلمة المرور الجديدة.
notice-code-sent = أرسلنا إليك رمزًا جديدًا.
notice-admin-confirm = تم إنشاء حسابك. يجب أن يؤكده أحد المسؤولين قبل أن تتمكن من تسجيل الدخول.
csrf-failed = انتهت صلاحية هذا النموذج، أو أُرسل من موقع آخر. أعد تحميله وحاول مرة أخرى.
what-next = يمكنك البدء من جديد من التطبيق الذي أتيت منه.
what-next-authorize = أرسل التطبيق طلب تسجيل دخول لا يمكن لهذا الخادم قبوله. قد يفيد الرجوع إلى التطبيق وتسجيل الدخول مرة أخرى؛ وإذا تكرر ذلك، فأبلغ فريق دعم التطبيق.
not-found = هذه الصفحة غير موجودة.
internal = حدث خطأ غير متوقع. حاول مرة أخرى بعد قليل.
mfa-totp-title = أدخل رمز تطبيق المصادقة
mfa-totp-intro = افتح تطبيق المصادقة وأدخل الرمز المكوّن من 6 أرقام الذي يعرضه لهذا الحساب. هل فقدت هاتفك؟ أدخل أحد رموز الاسترداد بدلًا من ذلك.
mfa-email-title = تحقق من بريدك الإلكتروني
mfa-email-intro = أرسلنا رمز تسجيل دخول إلى { $destination }. أدخله أدناه.
mfa-sms-title = تحقق من هاتفك
mfa-sms-intro = أرسلنا رمز تسجيل دخول في رسالة نصية إلى { $destination }. أدخله أدناه.
mfa-code-label = الرمز
mfa-verify-button = تحقق
mfa-remember = تذكّر هذا الجهاز (تخطَّ هذه الخطوة هنا في المرة القادمة)
mfa-select-title = اختر طريقة التحقق
mfa-select-intro = لحسابك أكثر من عامل تحقق ثانٍ. أيّها تريد أن تستخدم؟
mfa-setup-title = احمِ حسابك
mfa-setup-intro = يتطلب هذا التطبيق خطوة ثانية لتسجيل الدخول. امسح رمز QR بتطبيق مصادقة (أو اكتب المفتاح فيه)، ثم أدخل الرمز المكوّن من 6 أرقام الذي يعرضه.
mfa-setup-key = المفتاح
mfa-setup-button = تحقق وتابع
mfa-setup-alternatives = أو استلم الرموز بطريقة أخرى:
factor-totp = تطبيق المصادقة
factor-email = أرسل إليّ رمزًا بالبريد الإلكتروني
factor-sms = أرسل إليّ رمزًا في رسالة نصية
recovery-title = احفظ رموز الاسترداد
recovery-intro = إذا فقدت تطبيق المصادقة، فكل رمز من هذه الرموز يتيح لك تسجيل الدخول مرة واحدة. احفظها في مكان آمن: فهي لا تُعرض إلا الآن.
continue-button = متابعة
account-title = حسابك
account-signed-in-as = مسجّل الدخول باسم { $username }.
account-security = أمان تسجيل الدخول
account-totp-on = تطبيق المصادقة: مفعّل
account-totp-off = تطبيق المصادقة: غير مفعّل
account-email-on = الرموز عبر البريد الإلكتروني: مفعّلة
account-email-off = الرموز عبر البريد الإلكتروني: غير مفعّلة
account-sms-on = الرموز عبر الرسائل النصية: مفعّلة
account-sms-off = الرموز عبر الرسائل النصية: غير مفعّلة
account-preferred = المفضّلة
account-make-preferred = اجعلها المفضّلة
account-turn-on = تفعيل
account-turn-off = إيقاف
account-set-up-totp = إعداد تطبيق مصادقة
account-new-recovery = رموز استرداد جديدة
account-replace-totp = الانتقال إلى تطبيق مصادقة جديد
account-recovery-left = { $n ->
    [zero] لم يتبقَّ أي رمز استرداد.
    [one] تبقّى رمز استرداد واحد.
    [two] تبقّى رمزا استرداد.
    [few] تبقّت { $n } رموز استرداد.
    [many] تبقّى { $n } رمزًا للاسترداد.
   *[other] تبقّى { $n } رمز استرداد.
}
account-devices = الأجهزة المحفوظة
account-no-devices = لا يوجد جهاز محفوظ.
account-forget = إزالة
account-last-used = آخر استخدام:
account-change-password = تغيير كلمة المرور
account-current-password = كلمة المرور الحالية
account-password-changed = تم تغيير كلمة المرور.
account-saved = تم الحفظ.
account-device-forgotten = تمت إزالة الجهاز: سيُطلب منه عامل تحقق ثانٍ مرة أخرى.
account-totp-title = إعداد تطبيق مصادقة
account-totp-intro = امسح رمز QR بتطبيق المصادقة (أو اكتب المفتاح فيه)، ثم أدخل الرمز المكوّن من 6 أرقام الذي يعرضه.
account-sign-in-first = سجّل الدخول إلى التطبيق أولًا، ثم افتح صفحة حسابك مرة أخرى.
sign-out = تسجيل الخروج
continue-with = المتابعة باستخدام { $name }
or-divider = أو
sso-label = البريد الإلكتروني للعمل
sso-button = متابعة
sso-no-match = لم يُعدّ تسجيل دخول لنطاق البريد الإلكتروني هذا. تحقق من العنوان، أو سجّل الدخول بطريقة أخرى.
federation-expired = انتهت صلاحية عملية تسجيل الدخول هذه أو اكتملت بالفعل.
federation-other-browser = بدأت عملية تسجيل الدخول هذه في متصفح آخر. ارجع إلى التطبيق وسجّل الدخول مرة أخرى من هذا المتصفح.

# Language picker
language-picker = اللغة

# Forms
optional = (اختياري)
required-legend = الحقول المميزة بعلامة * مطلوبة.
confirm-password = تأكيد كلمة المرور
show-password = إظهار
hide-password = إخفاء
hint-phone = مع رمز البلد، مثل +14325551212
signup-closed = لا يتيح لك هذا التطبيق إنشاء حساب بنفسك. اطلب حسابًا من مسؤول التطبيق.
providers-heading = تسجيل الدخول باستخدام
passkey-sign-in = تسجيل الدخول بمفتاح مرور

# Attributes
attr-given-name = الاسم الأول
attr-family-name = اسم العائلة
attr-middle-name = الاسم الأوسط
attr-name = الاسم الكامل
attr-nickname = الاسم المستعار
attr-preferred-username = اسم المستخدم المفضّل
attr-birthdate = تاريخ الميلاد
attr-zoneinfo = المنطقة الزمنية
attr-locale = اللغة
attr-gender = الجنس
attr-address = العنوان
attr-website = الموقع الإلكتروني
attr-picture = الصورة
attr-profile = صفحة الملف الشخصي

# What went wrong, for people
err-wrong-credentials = اسم المستخدم وكلمة المرور غير متطابقين. تحقق منهما وحاول مرة أخرى.
err-session-expired = استغرقت عملية تسجيل الدخول هذه وقتًا طويلًا أو استُخدمت من قبل. سجّل الدخول مرة أخرى.
err-not-allowed = لا يمكن تنفيذ ذلك بهذا الحساب. سجّل الدخول مرة أخرى، أو تواصل مع فريق دعم التطبيق.
err-locked = { $minutes ->
    [zero] محاولات كثيرة بكلمة مرور خاطئة. انتظر قليلًا ثم حاول مرة أخرى، أو أعد تعيين كلمة المرور.
    [one] محاولات كثيرة بكلمة مرور خاطئة. انتظر دقيقة ثم حاول مرة أخرى، أو أعد تعيين كلمة المرور.
    [two] محاولات كثيرة بكلمة مرور خاطئة. انتظر دقيقتين ثم حاول مرة أخرى، أو أعد تعيين كلمة المرور.
    [few] محاولات كثيرة بكلمة مرور خاطئة. انتظر { $minutes } دقائق ثم حاول مرة أخرى، أو أعد تعيين كلمة المرور.
    [many] محاولات كثيرة بكلمة مرور خاطئة. انتظر { $minutes } دقيقة ثم حاول مرة أخرى، أو أعد تعيين كلمة المرور.
   *[other] محاولات كثيرة بكلمة مرور خاطئة. انتظر { $minutes } دقيقة ثم حاول مرة أخرى، أو أعد تعيين كلمة المرور.
}
err-user-disabled = هذا الحساب معطّل. اطلب من فريق دعم التطبيق إعادة تفعيله.
err-temporary-expired = انتهت صلاحية كلمة المرور المؤقتة. اطلب كلمة مرور جديدة من مسؤول التطبيق.
err-too-many-network = صدرت محاولات كثيرة جدًا من شبكتك. انتظر بضع دقائق ثم حاول مرة أخرى.
err-limit = محاولات كثيرة جدًا. انتظر بضع دقائق قبل أن تحاول مرة أخرى.
err-code-mismatch = هذا الرمز غير صحيح. تحقق منه وحاول مرة أخرى، أو اطلب رمزًا جديدًا.
err-code-expired = انتهت صلاحية هذا الرمز. اطلب رمزًا جديدًا.
err-username-exists = يوجد حساب بهذا الاسم بالفعل. سجّل الدخول بدلًا من ذلك، أو اختر اسمًا آخر.
err-alias-exists = عنوان البريد الإلكتروني أو رقم الهاتف هذا مرتبط بحساب آخر بالفعل.
err-password-policy = اختر كلمة مرور أقوى: يجب أن تتبع القواعد أدناه.
err-password-history = استخدمت كلمة المرور هذه مؤخرًا. اختر كلمة مرور مختلفة.
err-user-not-found = لم نعثر على حساب بهذا الاسم.
err-not-confirmed = أكّد حسابك أولًا: لقد أرسلنا إليك رمزًا.
err-reset-required = يجب أن تختار كلمة مرور جديدة قبل أن تتمكن من تسجيل الدخول.
err-code-delivery = تعذّر علينا إرسال الرمز. تحقق من العنوان وحاول مرة أخرى لاحقًا.
err-upstream = لم تستجب خدمة تسجيل الدخول الخاصة بمؤسستك. حاول مرة أخرى بعد قليل.
err-invalid-request = هناك شيء غير صالح في هذا الطلب. ارجع إلى التطبيق وحاول مرة أخرى.
err-current-password = كلمة المرور الحالية غير صحيحة.
err-enter-password = أدخل كلمة المرور لتأكيد هذا التغيير.
unreadable-request = تعذّر على هذه الصفحة قراءة الطلب الذي أُرسل إليها.
detail-for-developers = تفاصيل لمطوّري التطبيق

# How to fix a field
fix-required = املأ هذا الحقل.
fix-email = أدخل عنوان بريد إلكتروني مثل name@example.com
fix-phone = أدخل رقم هاتف مع رمز البلد، مثل +14325551212
fix-too-long = { $n ->
    [zero] استخدم { $n } حرف كحد أقصى.
    [one] استخدم حرفًا واحدًا كحد أقصى.
    [two] استخدم حرفين كحد أقصى.
    [few] استخدم { $n } أحرف كحد أقصى.
    [many] استخدم { $n } حرفًا كحد أقصى.
   *[other] استخدم { $n } حرف كحد أقصى.
}
fix-too-short = { $n ->
    [zero] استخدم { $n } حرف على الأقل.
    [one] استخدم حرفًا واحدًا على الأقل.
    [two] استخدم حرفين على الأقل.
    [few] استخدم { $n } أحرف على الأقل.
    [many] استخدم { $n } حرفًا على الأقل.
   *[other] استخدم { $n } حرف على الأقل.
}
fix-number = أدخل عددًا صحيحًا.
fix-range = أدخل رقمًا من { $min } إلى { $max }.
fix-number-range = أدخل رقمًا ضمن النطاق المسموح به.
fix-value = أدخل قيمة صالحة.
fix-username-shape = استخدم من 1 إلى 128 حرفًا، بدون مسافات.
fix-username-email = اختر اسم مستخدم ليس عنوان بريد إلكتروني. يمكنك تسجيل الدخول ببريدك الإلكتروني أيضًا.
fix-username-phone = اختر اسم مستخدم ليس رقم هاتف. يمكنك تسجيل الدخول برقم هاتفك أيضًا.
fix-password-length = { $n ->
    [zero] استخدم { $n } حرف على الأقل.
    [one] استخدم حرفًا واحدًا على الأقل.
    [two] استخدم حرفين على الأقل.
    [few] استخدم { $n } أحرف على الأقل.
    [many] استخدم { $n } حرفًا على الأقل.
   *[other] استخدم { $n } حرف على الأقل.
}
fix-password-too-long = استخدم 256 حرفًا كحد أقصى.
fix-password-upper = أضف حرفًا كبيرًا.
fix-password-lower = أضف حرفًا صغيرًا.
fix-password-number = أضف رقمًا.
fix-password-symbol = أضف رمزًا خاصًا، مثل ! أو #.
fix-password-mismatch = كلمتا المرور غير متطابقتين.

# Ways on
way-sign-in-again = سجّل الدخول مرة أخرى
way-try-again = حاول مرة أخرى
way-reload-form = أعد تحميل النموذج
way-back-to-app = العودة إلى التطبيق

# MFA
mfa-try-another-way = جرّب طريقة أخرى:
mfa-setup-same-phone = هل تُجري الإعداد على هذا الهاتف؟ افتح تطبيق المصادقة
mfa-qr-alt = رمز QR لتطبيق المصادقة
mfa-use-recovery = فقدت هاتفك؟ استخدم رمز استرداد
mfa-recovery-label = رمز الاسترداد

# Recovery codes
recovery-download = تنزيل
recovery-copy = نسخ
recovery-copied = تم النسخ
recovery-print = طباعة
recovery-saved = حفظت هذه الرموز في مكان آمن
recovery-file-heading = رموز الاسترداد: كل رمز منها يتيح لك تسجيل الدخول مرة واحدة إذا فقدت تطبيق المصادقة.

# Account page
account-back-to-app = العودة إلى التطبيق
account-confirm-password = كلمة المرور، للتأكيد
account-fresh-sign-in = لتغيير هذا، يجب أن تكون قد سجّلت الدخول خلال الدقائق الخمس الأخيرة.
account-authenticator = تطبيق المصادقة

# Passkeys
passkeys-heading = مفاتيح المرور
passkeys-none = ليس لديك مفتاح مرور بعد. يتيح لك مفتاح المرور تسجيل الدخول ببصمة إصبعك أو وجهك أو قفل الشاشة بدلًا من كلمة المرور.
passkeys-add = إضافة مفتاح مرور
passkeys-name = الاسم
passkeys-save = حفظ
passkeys-rename = إعادة تسمية
passkeys-delete = حذف
passkeys-created = أُضيف في
passkeys-never-used = أبدًا
passkeys-added = تم حفظ مفتاح المرور. يمكنك تسجيل الدخول به في المرة القادمة.
passkeys-deleted = تم حذف مفتاح المرور.
passkeys-need-script = تتطلب مفاتيح المرور JavaScript، وهي معطّلة في هذا المتصفح.
passkeys-failed = لم يعمل مفتاح المرور. حاول مرة أخرى، أو سجّل الدخول بطريقة أخرى.
passkeys-offer-title = سجّل الدخول بشكل أسرع في المرة القادمة
passkeys-offer-intro = أضف مفتاح مرور لتسجيل الدخول ببصمة إصبعك أو وجهك أو قفل الشاشة بدلًا من كلمة المرور.
passkeys-not-now = ليس الآن
factor-passkey = استخدام مفتاح مرور

# Dates: { $day } { $month } { $year }، { $time } UTC
date-time = { $day } { $month } { $year }، { $time } UTC
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر

# Mails: each has a subject, a greeting, the line before the code, and what to do.
# The HTML and text parts are built from these in templates/email/layout.*.
mail-verification-subject = رمز التحقق الخاص بك
mail-verification-greeting = مرحبًا { $username }،
mail-verification-lead = رمز التحقق الخاص بك هو
mail-verification-body = أدخله في صفحة التأكيد لإكمال إنشاء حسابك. تنتهي صلاحية الرمز خلال 24 ساعة. إذا لم تكن أنت من أنشأ الحساب، فيمكنك تجاهل هذه الرسالة.
mail-forgot-password-subject = رمز إعادة تعيين كلمة المرور
mail-forgot-password-greeting = مرحبًا { $username }،
mail-forgot-password-lead = رمز إعادة تعيين كلمة المرور الخاص بك هو
mail-forgot-password-body = تنتهي صلاحيته خلال ساعة واحدة. إذا لم تطلب إعادة تعيين كلمة المرور، فيمكنك تجاهل هذه الرسالة؛ فكلمة المرور لم تتغير.
mail-invitation-subject = كلمة المرور المؤقتة
mail-invitation-greeting = مرحبًا،
mail-invitation-lead = تم إنشاء حساب لك. اسم المستخدم الخاص بك هو { $username } وكلمة المرور المؤقتة هي
mail-invitation-body = سجّل الدخول بهما؛ وسيُطلب منك اختيار كلمة مرور جديدة. تنتهي صلاحية كلمة المرور المؤقتة إذا لم تُستخدم في الوقت المحدد.
mail-mfa-code-subject = رمز تسجيل الدخول
mail-mfa-code-greeting = مرحبًا { $username }،
mail-mfa-code-lead = رمز تسجيل الدخول الخاص بك هو
mail-mfa-code-body = أدخله في صفحة تسجيل الدخول لإكمال تسجيل الدخول. تنتهي صلاحية الرمز خلال 5 دقائق. إذا لم تحاول تسجيل الدخول، فهناك شخص يعرف كلمة المرور الخاصة بك: غيّرها الآن.
sms-mfa-code = رمز المصادقة الخاص بك هو { $code }.
sms-invitation = اسم المستخدم الخاص بك هو { $username } وكلمة المرور المؤقتة هي { $code }.
