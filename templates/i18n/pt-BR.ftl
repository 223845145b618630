# Cognate's hosted pages and mails, Brazilian Portuguese.
# Every other catalog must have every key this one has (a test checks it).

sign-in-title = Entrar
sign-in-button = Entrar
sign-up-title = Criar uma conta
sign-up-button = Cadastrar-se
confirm-title = Confirme sua conta
confirm-intro = Enviamos um código para { $destination }. Digite-o abaixo para confirmar sua conta.
confirm-button = Confirmar conta
resend-button = Enviar um novo código
forgot-title = Esqueceu sua senha?
forgot-intro = Digite seu nome de usuário ou endereço de e-mail e enviaremos um código para você redefinir sua senha.
forgot-button = Enviar código
reset-title = Redefina sua senha
reset-intro = Enviamos um código para { $destination }. Digite-o junto com sua nova senha.
reset-button = Alterar senha
new-password-title = Defina uma nova senha
new-password-intro = Sua conta tem uma senha temporária. Escolha uma nova senha para continuar.
new-password-button = Definir senha e entrar
signed-out-title = Você saiu da sua conta
signed-out-text = Você saiu da sua conta neste navegador.
error-title = Algo deu errado
username = Nome de usuário
your-email = seu endereço de e-mail
email = E-mail
phone = Número de telefone
username-or-email = Nome de usuário ou e-mail
password = Senha
new-password = Nova senha
code = Código
forgot-link = Esqueceu sua senha?
need-account = Não tem uma conta?
sign-up-link = Cadastre-se
have-account = Já tem uma conta?
sign-in-link = Entrar
back-to-sign-in = Voltar para o login
password-rules = Sua senha precisa ter:
rule-length = { $n ->
    [one] pelo menos { $n } caractere
   *[other] pelo menos { $n } caracteres
}
rule-upper = uma letra maiúscula
rule-lower = uma letra minúscula
rule-number = um número
rule-symbol = um símbolo
notice-confirmed = Sua conta foi confirmada. Entre para continuar.
notice-password-reset = Sua senha foi alterada. Entre com sua nova senha.
notice-code-sent = Enviamos um novo código para você.
notice-admin-confirm = Sua conta foi criada. Um administrador precisa confirmá-la antes que você possa entrar.
csrf-failed = Este formulário expirou ou foi enviado de outro site. Carregue-o novamente e tente mais uma vez.
what-next = Você pode recomeçar pelo aplicativo de onde veio.
what-next-authorize = O aplicativo enviou uma solicitação de login que este servidor não pode aceitar. Voltar ao aplicativo e entrar novamente pode ajudar; se continuar acontecendo, avise a equipe de suporte do aplicativo.
not-found = Esta página não existe.
internal = Ocorreu um erro inesperado. Tente novamente em instantes.
mfa-totp-title = Digite o código do seu autenticador
mfa-totp-intro = Abra seu aplicativo autenticador e digite o código de 6 dígitos exibido para esta conta. Perdeu seu celular? Digite um dos seus códigos de recuperação.
mfa-email-title = Verifique seu e-mail
mfa-email-intro = Enviamos um código de login para { $destination }. Digite-o abaixo.
mfa-sms-title = Verifique seu celular
mfa-sms-intro = Enviamos um código de login por SMS para { $destination }. Digite-o abaixo.
mfa-code-label = Código
mfa-verify-button = Verificar
mfa-remember = Lembrar deste dispositivo (pular esta etapa aqui na próxima vez)
mfa-select-title = Escolha como verificar
mfa-select-intro = Sua conta tem mais de um segundo fator. Qual você quer usar?
mfa-setup-title = Proteja sua conta
mfa-setup-intro = Este aplicativo exige uma segunda etapa de login. Escaneie o código QR com um aplicativo autenticador (ou digite a chave nele) e depois digite o código de 6 dígitos exibido.
mfa-setup-key = Chave
mfa-setup-button = Verificar e continuar
mfa-setup-alternatives = Ou receba os códigos de outra forma:
factor-totp = Aplicativo autenticador
factor-email = Receber um código por e-mail
factor-sms = Receber um código por SMS
recovery-title = Salve seus códigos de recuperação
recovery-intro = Se você perder seu autenticador, cada um destes códigos permite entrar uma vez. Guarde-os em um lugar seguro: eles só são exibidos agora.
continue-button = Continuar
account-title = Sua conta
account-signed-in-as = Conectado como { $username }.
account-security = Segurança do login
account-totp-on = Aplicativo autenticador: ativado
account-totp-off = Aplicativo autenticador: desativado
account-email-on = Códigos por e-mail: ativados
account-email-off = Códigos por e-mail: desativados
account-sms-on = Códigos por SMS: ativados
account-sms-off = Códigos por SMS: desativados
account-preferred = Preferencial
account-make-preferred = Tornar preferencial
account-turn-on = Ativar
account-turn-off = Desativar
account-set-up-totp = Configurar um aplicativo autenticador
account-new-recovery = Novos códigos de recuperação
account-replace-totp = Mudar para um novo aplicativo autenticador
account-recovery-left = { $n ->
    [one] Resta { $n } código de recuperação.
   *[other] Restam { $n } códigos de recuperação.
}
account-devices = Dispositivos lembrados
account-no-devices = Nenhum dispositivo está sendo lembrado.
account-forget = Esquecer
account-last-used = último uso:
account-change-password = Alterar senha
account-current-password = Senha atual
account-password-changed = Sua senha foi alterada.
account-saved = Salvo.
account-device-forgotten = O dispositivo foi esquecido: um segundo fator será solicitado novamente nele.
account-totp-title = Configurar um aplicativo autenticador
account-totp-intro = Escaneie o código QR com seu aplicativo autenticador (ou digite a chave nele) e depois digite o código de 6 dígitos exibido.
account-sign-in-first = Primeiro entre no aplicativo e depois abra a página da sua conta novamente.
sign-out = Sair
continue-with = Continuar com { $name }
or-divider = ou
sso-label = E-mail corporativo
sso-button = Continuar
sso-no-match = Nenhum login está configurado para esse domínio de e-mail. Verifique o endereço ou entre de outra forma.
federation-expired = Este login expirou ou já foi concluído.
federation-other-browser = Este login foi iniciado em outro navegador. Volte ao aplicativo e entre novamente por este navegador.

# Language picker
language-picker = Idioma

# Forms
optional = (opcional)
required-legend = Os campos marcados com * são obrigatórios.
confirm-password = Confirmar senha
show-password = Mostrar
hide-password = Ocultar
hint-phone = Com o código do país, por exemplo +14325551212
signup-closed = Este aplicativo não permite que você crie uma conta por conta própria. Peça uma ao administrador do aplicativo.
providers-heading = Entrar com
passkey-sign-in = Entrar com uma chave de acesso

# Attributes
attr-given-name = Nome
attr-family-name = Sobrenome
attr-middle-name = Nome do meio
attr-name = Nome completo
attr-nickname = Apelido
attr-preferred-username = Nome de usuário preferido
attr-birthdate = Data de nascimento
attr-zoneinfo = Fuso horário
attr-locale = Idioma
attr-gender = Gênero
attr-address = Endereço
attr-website = Site
attr-picture = Foto
attr-profile = Página de perfil

# What went wrong, for people
err-wrong-credentials = O nome de usuário e a senha não correspondem. Verifique-os e tente novamente.
err-session-expired = Este login demorou demais ou já foi usado. Entre novamente.
err-not-allowed = Isso não é possível com esta conta. Entre novamente ou fale com a equipe de suporte do aplicativo.
err-locked = { $minutes ->
    [one] Muitas senhas incorretas. Aguarde um minuto e tente novamente, ou redefina sua senha.
   *[other] Muitas senhas incorretas. Aguarde { $minutes } minutos e tente novamente, ou redefina sua senha.
}
err-user-disabled = Esta conta está desativada. Peça à equipe de suporte do aplicativo para reativá-la.
err-temporary-expired = Sua senha temporária expirou. Peça uma nova ao administrador do aplicativo.
err-too-many-network = Houve muitas tentativas a partir da sua rede. Aguarde alguns minutos e tente novamente.
err-limit = Muitas tentativas. Aguarde alguns minutos antes de tentar novamente.
err-code-mismatch = Esse código não está correto. Verifique-o e tente novamente, ou peça um novo código.
err-code-expired = Esse código expirou. Peça um novo código.
err-username-exists = Já existe uma conta com esse nome. Entre com essa conta ou escolha outro nome.
err-alias-exists = Esse endereço de e-mail ou número de telefone já pertence a outra conta.
err-password-policy = Escolha uma senha mais forte: ela precisa seguir as regras abaixo.
err-password-history = Você usou esta senha recentemente. Escolha outra.
err-user-not-found = Não encontramos nenhuma conta com esse nome.
err-not-confirmed = Confirme sua conta primeiro: enviamos um código para você.
err-reset-required = Você precisa escolher uma nova senha antes de entrar.
err-code-delivery = Não foi possível enviar o código. Verifique o endereço e tente novamente mais tarde.
err-upstream = O serviço de login da sua organização não respondeu. Tente novamente em instantes.
err-invalid-request = Algo nesta solicitação não é válido. Volte ao aplicativo e tente novamente.
err-current-password = Sua senha atual não está correta.
err-enter-password = Digite sua senha para confirmar esta alteração.
unreadable-request = Esta página não conseguiu ler a solicitação que recebeu.
detail-for-developers = Detalhes para os desenvolvedores do aplicativo

# How to fix a field
fix-required = Preencha este campo.
fix-email = Digite um endereço de e-mail como name@example.com
fix-phone = Digite um número de telefone com o código do país, como +14325551212
fix-too-long = { $n ->
    [one] Use no máximo { $n } caractere.
   *[other] Use no máximo { $n } caracteres.
}
fix-too-short = { $n ->
    [one] Use pelo menos { $n } caractere.
   *[other] Use pelo menos { $n } caracteres.
}
fix-number = Digite um número inteiro.
fix-range = Digite um número de { $min } a { $max }.
fix-number-range = Digite um número dentro do intervalo permitido.
fix-value = Digite um valor válido.
fix-username-shape = Use de 1 a 128 caracteres, sem espaços.
fix-username-email = Escolha um nome de usuário que não seja um endereço de e-mail. Você também poderá entrar com seu e-mail.
fix-username-phone = Escolha um nome de usuário que não seja um número de telefone. Você também poderá entrar com seu número de telefone.
fix-password-length = { $n ->
    [one] Use pelo menos { $n } caractere.
   *[other] Use pelo menos { $n } caracteres.
}
fix-password-too-long = Use no máximo 256 caracteres.
fix-password-upper = Adicione uma letra maiúscula.
fix-password-lower = Adicione uma letra minúscula.
fix-password-number = Adicione um número.
fix-password-symbol = Adicione um símbolo, como ! ou #.
fix-password-mismatch = As senhas não coincidem.

# Ways on
way-sign-in-again = Entrar novamente
way-try-again = Tentar novamente
way-reload-form = Carregar o formulário novamente
way-back-to-app = Voltar ao aplicativo

# MFA
mfa-try-another-way = Tente de outra forma:
mfa-setup-same-phone = Configurando neste celular? Abra seu aplicativo autenticador
mfa-qr-alt = Código QR para seu aplicativo autenticador
mfa-use-recovery = Perdeu o celular? Use um código de recuperação
mfa-recovery-label = Código de recuperação

# Recovery codes
recovery-download = Baixar
recovery-copy = Copiar
recovery-copied = Copiado
recovery-print = Imprimir
recovery-saved = Salvei estes códigos em um lugar seguro
recovery-file-heading = Códigos de recuperação: cada um permite entrar uma vez se você perder seu autenticador.

# Account page
account-back-to-app = Voltar ao aplicativo
account-confirm-password = Sua senha, para confirmar
account-fresh-sign-in = Para alterar isso, você precisa ter entrado nos últimos cinco minutos.
account-authenticator = Aplicativo autenticador

# Passkeys
passkeys-heading = Chaves de acesso
passkeys-none = Você ainda não tem uma chave de acesso. Uma chave de acesso permite entrar com sua impressão digital, seu rosto ou o bloqueio de tela em vez de uma senha.
passkeys-add = Adicionar uma chave de acesso
passkeys-name = Nome
passkeys-save = Salvar
passkeys-rename = Renomear
passkeys-delete = Excluir
passkeys-created = adicionada em
passkeys-never-used = nunca
passkeys-added = Sua chave de acesso foi salva. Na próxima vez, você poderá entrar com ela.
passkeys-deleted = A chave de acesso foi excluída.
passkeys-need-script = As chaves de acesso precisam de JavaScript, que está desativado neste navegador.
passkeys-failed = A chave de acesso não funcionou. Tente novamente ou entre de outra forma.
passkeys-offer-title = Entre mais rápido na próxima vez
passkeys-offer-intro = Adicione uma chave de acesso para entrar com sua impressão digital, seu rosto ou o bloqueio de tela em vez de uma senha.
passkeys-not-now = Agora não
factor-passkey = Usar uma chave de acesso

# Dates: { $day } de { $month } de { $year }, { $time } UTC
date-time = { $day } de { $month } de { $year }, { $time } UTC
month-1 = jan.
month-2 = fev.
month-3 = mar.
month-4 = abr.
month-5 = mai.
month-6 = jun.
month-7 = jul.
month-8 = ago.
month-9 = set.
month-10 = out.
month-11 = nov.
month-12 = dez.

# Mails: each has a subject, a greeting, the line before the code, and what to do.
# The HTML and text parts are built from these in templates/email/layout.*.
mail-verification-subject = Seu código de verificação
mail-verification-greeting = Olá, { $username },
mail-verification-lead = Seu código de verificação é
mail-verification-body = Digite-o na página de confirmação para concluir a criação da sua conta. O código expira em 24 horas. Se você não se cadastrou, pode ignorar esta mensagem.
mail-forgot-password-subject = Seu código para redefinir a senha
mail-forgot-password-greeting = Olá, { $username },
mail-forgot-password-lead = Seu código para redefinir a senha é
mail-forgot-password-body = Ele expira em uma hora. Se você não pediu para redefinir sua senha, pode ignorar esta mensagem; sua senha não foi alterada.
mail-invitation-subject = Sua senha temporária
mail-invitation-greeting = Olá,
mail-invitation-lead = Uma conta foi criada para você. Seu nome de usuário é { $username } e sua senha temporária é
mail-invitation-body = Entre com esses dados; você precisará escolher uma nova senha. A senha temporária expira se não for usada a tempo.
mail-mfa-code-subject = Seu código de login
mail-mfa-code-greeting = Olá, { $username },
mail-mfa-code-lead = Seu código de login é
mail-mfa-code-body = Digite-o na página de login para concluir a entrada. O código expira em 5 minutos. Se não foi você que tentou entrar, alguém conhece sua senha: altere-a agora.
sms-mfa-code = Seu código de autenticação é { $code }.
sms-invitation = Seu nome de usuário é { $username } e sua senha temporária é { $code }.
