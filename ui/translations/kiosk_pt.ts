<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>CardScreen</name>
    <message>
        <source>Please place your My Number card on the reader</source>
        <translation>Coloque o seu cartão My Number sobre o leitor</translation>
    </message>
    <message>
        <source>Leave it there until your name appears. You can also scan your library card instead.</source>
        <translation>Deixe-o ali até o seu nome aparecer. Você também pode escanear o seu cartão da biblioteca.</translation>
    </message>
    <message>
        <source>Reading your card… please leave it on the reader.</source>
        <translation>Lendo o cartão… deixe-o sobre o leitor.</translation>
    </message>
    <message>
        <source>Only the card&apos;s electronic certificate is checked. Your My Number is never read.</source>
        <translation>Só o certificado eletrônico do cartão é verificado. O seu número My Number nunca é lido.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Voltar</translation>
    </message>
</context>
<context>
    <name>FinishQuestion</name>
    <message>
        <source>Finished, %1?</source>
        <translation>Terminou, %1?</translation>
    </message>
    <message>
        <source>Another library card (%1) was scanned. If you are done, press Finish; the next person can then scan their card. To borrow more, press Continue.</source>
        <translation>Outro cartão da biblioteca (%1) foi lido. Se você terminou, toque em Finalizar; a próxima pessoa poderá então ler o cartão dela. Para pegar mais itens, toque em Continuar.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finalizar</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>Obrigado!</translation>
    </message>
    <message numerus="yes">
        <source>You borrowed %n item(s).</source>
        <translation>
            <numerusform>Você pegou %n item emprestado.</numerusform>
            <numerusform>Você pegou %n itens emprestados.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You renewed %n item(s).</source>
        <translation>
            <numerusform>Você renovou %n item.</numerusform>
            <numerusform>Você renovou %n itens.</numerusform>
        </translation>
    </message>
    <message>
        <source>Item %1</source>
        <translation>Item %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>Devolver até %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Renovado, devolver até %1</translation>
    </message>
    <message>
        <source>Nothing was borrowed.</source>
        <translation>Nenhum item foi emprestado.</translation>
    </message>
    <message>
        <source>Please take your receipt.</source>
        <translation>Retire seu comprovante.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Concluir</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Please scan your library card</source>
        <translation>Passe seu cartão da biblioteca</translation>
    </message>
    <message>
        <source>Hold the barcode of your card (or your phone&apos;s screen) under the scanner.</source>
        <translation>Coloque o código de barras do cartão (ou a tela do celular) sob o leitor.</translation>
    </message>
    <message>
        <source>Scan your library card, or its barcode on your phone</source>
        <translation>Passe seu cartão da biblioteca ou o código de barras no celular</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan each barcode</source>
        <translation>Coloque os itens na base de leitura ou passe cada código de barras</translation>
    </message>
    <message>
        <source>Scan each item&apos;s barcode, one at a time</source>
        <translation>Passe o código de barras de cada item, um de cada vez</translation>
    </message>
    <message>
        <source>Press Finish and take your receipt</source>
        <translation>Toque em Finalizar e pegue seu recibo</translation>
    </message>
    <message>
        <source>Press Finish when you are done</source>
        <translation>Quando terminar, toque em Finalizar</translation>
    </message>
    <message>
        <source>Use a My Number card</source>
        <translation>Usar o cartão My Number</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <source>Are you still there? This session ends in %1 seconds.</source>
        <translation>Você ainda está aí? Esta sessão termina em %1 segundos.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Letras maiores</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <source>Working offline: your loans are recorded here and sent to the library system later.</source>
        <translation>Funcionando off-line: seus empréstimos ficam registrados aqui e serão enviados ao sistema da biblioteca mais tarde.</translation>
    </message>
</context>
<context>
    <name>LoanRow</name>
    <message>
        <source>Item %1</source>
        <translation>Item %1</translation>
    </message>
    <message>
        <source>Renewed; still due back %1 (a renewal counts from today)</source>
        <translation>Renovado; a devolução continua em %1 (a renovação conta a partir de hoje)</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Renovado, devolver até %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>Devolver até %1</translation>
    </message>
    <message>
        <source>Borrowed recently: a renewal today would not give a later due date.</source>
        <translation>Emprestado há pouco: renovar hoje não adiaria a data de devolução.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item, so it cannot be renewed.</source>
        <translation>Outra pessoa reservou este item, por isso ele não pode ser renovado.</translation>
    </message>
    <message>
        <source>This item is overdue. Please return it or ask at the counter.</source>
        <translation>Este item está atrasado. Devolva-o ou procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>Renew: due %1</source>
        <translation>Renovar: devolver até %1</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>Renovar</translation>
    </message>
</context>
<context>
    <name>LoansScreen</name>
    <message>
        <source>Your loans</source>
        <translation>Seus empréstimos</translation>
    </message>
    <message numerus="yes">
        <source>You have %n item(s) on loan.</source>
        <translation>
            <numerusform>Você tem %n item emprestado.</numerusform>
            <numerusform>Você tem %n itens emprestados.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have nothing on loan.</source>
        <translation>Você não tem itens emprestados.</translation>
    </message>
    <message>
        <source>Your loans cannot be shown while the library system is offline. Borrowing still works.</source>
        <translation>Não é possível mostrar seus empréstimos enquanto o sistema da biblioteca está fora do ar. Os empréstimos continuam funcionando.</translation>
    </message>
    <message>
        <source>This machine does not show loans. Please ask at the counter or use My Page.</source>
        <translation>Este terminal não mostra seus empréstimos. Procure o balcão de atendimento ou consulte a My Page (sua conta) no site da biblioteca.</translation>
    </message>
    <message>
        <source>Back to borrowing</source>
        <translation>Voltar ao empréstimo</translation>
    </message>
</context>
<context>
    <name>MachineGuide</name>
    <message>
        <source>Barcode scanner</source>
        <translation>Leitor de código de barras</translation>
    </message>
    <message>
        <source>Camera (for phones)</source>
        <translation>Câmera (para celulares)</translation>
    </message>
    <message>
        <source>My Number card reader</source>
        <translation>Leitor do cartão My Number</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The barcode could not be read. Please scan it again, holding it still.</source>
        <translation>Não foi possível ler o código de barras. Passe-o de novo, sem mexer.</translation>
    </message>
    <message>
        <source>This barcode is not a library card or a library item.</source>
        <translation>Este código de barras não é de um cartão nem de um item da biblioteca.</translation>
    </message>
    <message>
        <source>The number was not read correctly. Please scan it again.</source>
        <translation>O número não foi lido corretamente. Passe-o de novo.</translation>
    </message>
    <message>
        <source>This card is an old type. Please have it renewed at the counter.</source>
        <translation>Este cartão é de um modelo antigo. Troque-o por um novo no balcão de atendimento.</translation>
    </message>
    <message>
        <source>Please scan your library card first, then your items.</source>
        <translation>Passe primeiro seu cartão da biblioteca e depois os itens.</translation>
    </message>
    <message>
        <source>This item is already on your list.</source>
        <translation>Este item já está na sua lista.</translation>
    </message>
    <message>
        <source>You are already signed in. Please scan your items.</source>
        <translation>Seu cartão já foi lido. Passe os itens.</translation>
    </message>
    <message>
        <source>That is the publisher&apos;s barcode. Please scan the library&apos;s label instead.</source>
        <translation>Este é o código de barras da editora (ISBN). Passe a etiqueta da biblioteca.</translation>
    </message>
    <message>
        <source>This is not a library card. Please show your library card&apos;s barcode.</source>
        <translation>Isto não é um cartão da biblioteca. Mostre o código de barras do seu cartão da biblioteca.</translation>
    </message>
    <message>
        <source>This card is not registered. Please ask at the counter.</source>
        <translation>Este cartão não está cadastrado. Procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>This card has been reported lost. Please ask at the counter.</source>
        <translation>Este cartão foi informado como perdido. Procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>You have overdue items. Please return them first or ask at the counter.</source>
        <translation>Você tem itens em atraso. Devolva-os primeiro ou procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>Borrowing is paused on your account. Please ask at the counter.</source>
        <translation>Os empréstimos estão suspensos na sua conta. Procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the counter.</source>
        <translation>No momento você não pode pegar itens emprestados. Procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>The PIN is not correct. Please try again or ask at the counter.</source>
        <translation>Senha incorreta. Tente de novo ou procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>Your card has expired. Please have it renewed at the counter.</source>
        <translation>Seu cartão está vencido. Renove-o no balcão de atendimento.</translation>
    </message>
    <message>
        <source>Self-checkout is not available right now. Please ask at the counter.</source>
        <translation>O autoatendimento não está disponível agora. Procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>This card cannot be checked right now. Please ask at the counter.</source>
        <translation>Não é possível verificar este cartão agora. Procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>This item cannot be borrowed here. Please take it to the counter.</source>
        <translation>Este item não pode ser emprestado aqui. Leve-o ao balcão de atendimento.</translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>Você atingiu o limite de empréstimos.</translation>
    </message>
    <message>
        <source>This item could not be lent right now. Please take it to the counter.</source>
        <translation>Não foi possível emprestar este item agora. Leve-o ao balcão de atendimento.</translation>
    </message>
    <message>
        <source>This item is for use in the library only.</source>
        <translation>Este item é apenas para consulta na biblioteca.</translation>
    </message>
    <message>
        <source>This item is reserved for someone else. Please take it to the counter.</source>
        <translation>Este item está reservado para outra pessoa. Leve-o ao balcão de atendimento.</translation>
    </message>
    <message>
        <source>This item is recorded as lent to someone else. Please take it to the counter.</source>
        <translation>Este item consta como emprestado a outra pessoa. Leve-o ao balcão de atendimento.</translation>
    </message>
    <message>
        <source>This item was borrowed from another library. Please take it to the counter.</source>
        <translation>Este item veio emprestado de outra biblioteca. Leve-o ao balcão de atendimento.</translation>
    </message>
    <message>
        <source>This item is not in the library&apos;s catalogue. Please take it to the counter.</source>
        <translation>Este item não consta no acervo da biblioteca. Leve-o ao balcão de atendimento.</translation>
    </message>
    <message>
        <source>This item has a loan recorded here that the library system has not accepted yet. Please ask the staff.</source>
        <translation>Este item tem um empréstimo registrado neste terminal que o sistema da biblioteca ainda não confirmou. Procure um funcionário.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item.</source>
        <translation>Outra pessoa está aguardando este item.</translation>
    </message>
    <message>
        <source>It has been renewed as many times as the library allows.</source>
        <translation>Ele já foi renovado o número máximo de vezes permitido pela biblioteca.</translation>
    </message>
    <message>
        <source>It cannot be renewed yet: a renewal today would not give a later date.</source>
        <translation>Ainda não pode ser renovado: renovar hoje não adiaria a data de devolução.</translation>
    </message>
    <message>
        <source>It is past its due date. Please return it or ask at the counter.</source>
        <translation>A data de devolução já passou. Devolva-o ou procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>Items of this kind cannot be renewed.</source>
        <translation>Itens deste tipo não podem ser renovados.</translation>
    </message>
    <message>
        <source>It has reached the longest time an item may be kept.</source>
        <translation>Ele já atingiu o prazo máximo em que um item pode ficar emprestado.</translation>
    </message>
    <message>
        <source>It is not on loan to you. Please ask at the counter.</source>
        <translation>Este item não está emprestado para você. Procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>You have reached today&apos;s limit for this machine. Please take the rest to the counter.</source>
        <translation>Você atingiu o limite de hoje neste terminal. Leve os outros itens ao balcão de atendimento.</translation>
    </message>
    <message>
        <source>Self-checkout is paused. Please take your items to the counter.</source>
        <translation>O autoatendimento está suspenso. Leve seus itens ao balcão de atendimento.</translation>
    </message>
    <message>
        <source>The card could not be read. Please place it on the reader again and leave it there.</source>
        <translation>Não foi possível ler o cartão. Coloque-o novamente sobre o leitor e deixe-o ali.</translation>
    </message>
    <message>
        <source>This card cannot be used here. Please use your library card or ask at the counter.</source>
        <translation>Este cartão não pode ser usado aqui. Use o seu cartão da biblioteca ou pergunte no balcão.</translation>
    </message>
    <message>
        <source>The card reader is not working right now. Please scan your library card instead, or ask at the counter.</source>
        <translation>O leitor de cartões não está funcionando agora. Escaneie o seu cartão da biblioteca ou pergunte no balcão.</translation>
    </message>
    <message>
        <source>This is not a My Number card. Please place your My Number card, or scan your library card.</source>
        <translation>Este não é um cartão My Number. Coloque o seu cartão My Number ou escaneie o seu cartão da biblioteca.</translation>
    </message>
    <message>
        <source>My Number on a smartphone cannot be used here. Please use the card itself or your library card.</source>
        <translation>O My Number no celular não pode ser usado aqui. Use o próprio cartão ou o seu cartão da biblioteca.</translation>
    </message>
    <message>
        <source>The electronic certificate on this card has expired. It is renewed at your city office. Until then, please use your library card.</source>
        <translation>O certificado eletrônico deste cartão expirou. Ele é renovado na prefeitura da sua cidade. Até lá, use o seu cartão da biblioteca.</translation>
    </message>
    <message>
        <source>This My Number card is not registered with the library yet. Please register it at the counter (bring your library card).</source>
        <translation>Este cartão My Number ainda não está cadastrado na biblioteca. Faça o cadastro no balcão (traga o seu cartão da biblioteca).</translation>
    </message>
    <message>
        <source>The card&apos;s PIN is locked. Your city office can unlock it. Please use your library card or ask at the counter.</source>
        <translation>A senha do cartão está bloqueada. A prefeitura da sua cidade pode desbloqueá-la. Use o seu cartão da biblioteca ou pergunte no balcão.</translation>
    </message>
    <message>
        <source>This item was not renewed.</source>
        <translation>Este item não foi renovado.</translation>
    </message>
    <message>
        <source>The library system did not allow the renewal. Please ask at the counter.</source>
        <translation>O sistema da biblioteca não permitiu a renovação. Procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>Renewals are not possible right now. Please try again later or ask at the counter.</source>
        <translation>No momento não é possível renovar. Tente mais tarde ou procure o balcão de atendimento.</translation>
    </message>
    <message>
        <source>Items borrowed from another library cannot be renewed here.</source>
        <translation>Itens emprestados de outra biblioteca não podem ser renovados aqui.</translation>
    </message>
    <message>
        <source>Message from the library: %1</source>
        <translation>Mensagem da biblioteca: %1</translation>
    </message>
    <message>
        <source>Please scan your library card first.</source>
        <translation>Passe primeiro seu cartão da biblioteca.</translation>
    </message>
    <message>
        <source>Please put all %1 parts on the pad.</source>
        <translation>Coloque todas as %1 partes na base de leitura.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <source>Lent.</source>
        <translation>Emprestado.</translation>
    </message>
    <message>
        <source>Please show this item to the staff before you leave.</source>
        <translation>Antes de sair, mostre este item a um funcionário.</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>Você já está com este item emprestado.</translation>
    </message>
    <message>
        <source>This is not this library&apos;s item. Please take it to the counter.</source>
        <translation>Este item não é desta biblioteca. Leve-o ao balcão de atendimento.</translation>
    </message>
    <message>
        <source>Its tag could not be read. Please show this item to the staff.</source>
        <translation>A etiqueta não pôde ser lida. Mostre este item a um funcionário.</translation>
    </message>
    <message>
        <source>Please show this item to the staff.</source>
        <translation>Mostre este item a um funcionário.</translation>
    </message>
    <message>
        <source>%1 of %2 parts are on the pad</source>
        <translation>%1 de %2 partes estão na base de leitura</translation>
    </message>
    <message>
        <source>The book pad is not working right now. Please scan each item&apos;s barcode instead.</source>
        <translation>A base de leitura não está funcionando agora. Passe o código de barras de cada item.</translation>
    </message>
    <message>
        <source>An item on the pad</source>
        <translation>Um item na base de leitura</translation>
    </message>
    <message>
        <source>Please scan your library card first. Then the items on the pad will be lent to you.</source>
        <translation>Passe primeiro seu cartão da biblioteca. Depois, os itens na base de leitura serão emprestados a você.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask at the counter.</source>
        <translation>Algo deu errado. Tente de novo ou procure o balcão de atendimento.</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>Out of service</source>
        <translation>Fora de serviço</translation>
    </message>
    <message>
        <source>Please borrow at the counter.</source>
        <translation>Por favor, faça o empréstimo no balcão.</translation>
    </message>
</context>
<context>
    <name>PatronScreen</name>
    <message>
        <source>Welcome, %1</source>
        <translation>Olá, %1</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Olá</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan them one at a time. When you are done, press Finish.</source>
        <translation>Coloque os itens na base de leitura ou passe-os um de cada vez. Quando terminar, toque em Finalizar.</translation>
    </message>
    <message>
        <source>Scan your items one at a time. When you are done, press Finish.</source>
        <translation>Passe os itens um de cada vez. Quando terminar, toque em Finalizar.</translation>
    </message>
    <message>
        <source>No items yet.</source>
        <translation>Nenhum item ainda.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finalizar</translation>
    </message>
    <message>
        <source>My loans</source>
        <translation>Meus empréstimos</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Please enter your My Number card&apos;s PIN</source>
        <translation>Digite a senha do seu cartão My Number</translation>
    </message>
    <message>
        <source>The 4-digit PIN for signing in that you chose at the city office. Leave the card on the reader and cover the pad with your hand.</source>
        <translation>A senha de 4 dígitos para identificação que você escolheu na prefeitura. Deixe o cartão sobre o leitor e cubra o teclado com a mão.</translation>
    </message>
    <message>
        <source>Please enter your PIN</source>
        <translation>Digite sua senha</translation>
    </message>
    <message>
        <source>Your 4-digit PIN (password) for the library. Cover the pad with your hand.</source>
        <translation>Sua senha da biblioteca (4 dígitos). Cubra o teclado com a mão.</translation>
    </message>
    <message numerus="yes">
        <source>The PIN is not correct. %n tries left.</source>
        <translation>
            <numerusform>Senha incorreta. Resta %n tentativa.</numerusform>
            <numerusform>Senha incorreta. Restam %n tentativas.</numerusform>
        </translation>
    </message>
    <message>
        <source>One more wrong PIN locks the card; only the city office can unlock it. If you are not sure, press Cancel.</source>
        <translation>Mais uma senha errada bloqueia o cartão, e só a prefeitura pode desbloqueá-lo. Se não tiver certeza, toque em Cancelar.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Limpar</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Apagar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Would you like a receipt?</source>
        <translation>Deseja um comprovante?</translation>
    </message>
    <message>
        <source>It lists what you borrowed and when it is due back.</source>
        <translation>Nele constam os itens que você pegou e a data de devolução.</translation>
    </message>
    <message>
        <source>Print a receipt</source>
        <translation>Imprimir</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>Não imprimir</translation>
    </message>
</context>
<context>
    <name>RowWidget</name>
    <message>
        <source>Item %1</source>
        <translation>Item %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>Devolver até %1</translation>
    </message>
    <message>
        <source>You already have this: due back %1</source>
        <translation>Você já está com este item: devolver até %1</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>Você já está com este item emprestado.</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Renovado, devolver até %1</translation>
    </message>
    <message>
        <source>Your reserved item: picked up.</source>
        <translation>Item que você reservou: retirado.</translation>
    </message>
</context>
<context>
    <name>StaffHomeScreen</name>
    <message>
        <source>a library card</source>
        <translation>um cartão da biblioteca</translation>
    </message>
    <message>
        <source>an item (book or other material)</source>
        <translation>um item (livro ou outro material)</translation>
    </message>
    <message>
        <source>an ISBN (not the library&apos;s item barcode)</source>
        <translation>um ISBN (não é o código de barras do item da biblioteca)</translation>
    </message>
    <message>
        <source>not usable: nothing was read</source>
        <translation>inutilizável: nada foi lido</translation>
    </message>
    <message>
        <source>not usable: characters no library label carries</source>
        <translation>inutilizável: caracteres que nenhuma etiqueta da biblioteca tem</translation>
    </message>
    <message>
        <source>not usable: too long</source>
        <translation>inutilizável: longo demais</translation>
    </message>
    <message>
        <source>not usable: the check digit is wrong</source>
        <translation>inutilizável: o dígito verificador está errado</translation>
    </message>
    <message>
        <source>a library card of a retired series</source>
        <translation>um cartão da biblioteca de uma série desativada</translation>
    </message>
    <message>
        <source>not a card, item or ISBN this library uses</source>
        <translation>não é cartão, item nem ISBN usado por esta biblioteca</translation>
    </message>
    <message>
        <source>%1 is read as %2.</source>
        <translation>%1 é lido como %2.</translation>
    </message>
    <message>
        <source>Reading the kiosk&apos;s status…</source>
        <translation>Lendo o estado do terminal…</translation>
    </message>
    <message>
        <source>The kiosk&apos;s status could not be read: %1</source>
        <translation>Não foi possível ler o estado do terminal: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>Procurando dispositivos…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>Não foi possível listar os dispositivos: %1</translation>
    </message>
    <message>
        <source>Staff mode</source>
        <translation>Modo equipe</translation>
    </message>
    <message>
        <source>online (answering)</source>
        <translation>on-line (respondendo)</translation>
    </message>
    <message>
        <source>offline (loans are kept here and sent later)</source>
        <translation>off-line (os empréstimos ficam registrados aqui e são enviados depois)</translation>
    </message>
    <message>
        <source>Library system: %1</source>
        <translation>Sistema da biblioteca: %1</translation>
    </message>
    <message>
        <source>Offline loans waiting: %1</source>
        <translation>Empréstimos offline pendentes: %1</translation>
    </message>
    <message>
        <source>Offline loans refused: %1</source>
        <translation>Empréstimos offline recusados: %1</translation>
    </message>
    <message>
        <source>Devices found:</source>
        <translation>Dispositivos encontrados:</translation>
    </message>
    <message>
        <source>Scan test: scan any barcode.</source>
        <translation>Teste de leitura: leia qualquer código.</translation>
    </message>
    <message>
        <source>Back in service</source>
        <translation>Voltar ao serviço</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Fora de serviço</translation>
    </message>
    <message>
        <source>Restart the kiosk</source>
        <translation>Reiniciar o terminal</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>Configuração do equipamento</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>Vincular um cartão My Number</translation>
    </message>
    <message>
        <source>Leave staff mode</source>
        <translation>Sair do modo equipe</translation>
    </message>
</context>
<context>
    <name>StaffLinkScreen</name>
    <message>
        <source>Reading the card…</source>
        <translation>Lendo o cartão…</translation>
    </message>
    <message>
        <source>Linked to library card %1. The certificate is valid until %2.</source>
        <translation>Vinculado ao cartão da biblioteca %1. O certificado vale até %2.</translation>
    </message>
    <message>
        <source>That is not a library card number. Scan the patron&apos;s library card.</source>
        <translation>Isso não é um número de cartão da biblioteca. Escaneie o cartão da biblioteca do usuário.</translation>
    </message>
    <message>
        <source>The card could not be linked: %1</source>
        <translation>Não foi possível vincular o cartão: %1</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>Vincular um cartão My Number</translation>
    </message>
    <message>
        <source>1. Scan the patron&apos;s library card.</source>
        <translation>1. Escaneie o cartão da biblioteca do usuário.</translation>
    </message>
    <message>
        <source>Library card: %1</source>
        <translation>Cartão da biblioteca: %1</translation>
    </message>
    <message>
        <source>2. The patron places the My Number card on the reader; press Link. Only the certificate&apos;s link key is kept.</source>
        <translation>2. O usuário coloca o cartão My Number sobre o leitor; toque em Vincular. Só a chave de vínculo do certificado é guardada.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Voltar</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Vincular</translation>
    </message>
</context>
<context>
    <name>StaffPinScreen</name>
    <message>
        <source>Checking the PIN…</source>
        <translation>Verificando a senha…</translation>
    </message>
    <message>
        <source>Staff mode is locked after wrong PINs. Time left: %1</source>
        <translation>Modo equipe bloqueado após senhas erradas. Tempo restante: %1</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>Senha errada. Restam %1 tentativas.</translation>
    </message>
    <message>
        <source>The PIN could not be checked: %1</source>
        <translation>Não foi possível verificar a senha: %1</translation>
    </message>
    <message>
        <source>You can enter the PIN again.</source>
        <translation>Você já pode digitar a senha de novo.</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>Senha da equipe</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Limpar</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Apagar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>StaffSetupScreen</name>
    <message>
        <source>(none)</source>
        <translation>(nenhum)</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>Configuração do equipamento</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>Leitor de código de barras</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Câmera</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Not connected (the kiosk keeps trying)</source>
        <translation>Desconectado (o terminal continua tentando)</translation>
    </message>
    <message>
        <source>Not working: the settings need fixing</source>
        <translation>Não funciona: é preciso corrigir a configuração</translation>
    </message>
    <message>
        <source>Barcode scanner (serial)</source>
        <translation>Leitor de código de barras (serial)</translation>
    </message>
    <message>
        <source>Barcode scanner (keyboard)</source>
        <translation>Leitor de código de barras (teclado)</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Leitor de cartões</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Impressora de recibos</translation>
    </message>
    <message>
        <source>Detail: %1</source>
        <translation>Detalhe: %1</translation>
    </message>
    <message>
        <source>Card reader: the PC/SC service (pcscd) is not available. Detail: %1</source>
        <translation>Leitor de cartões: o serviço PC/SC (pcscd) não está disponível. Detalhe: %1</translation>
    </message>
    <message>
        <source>The kiosk cannot use this device address: %1</source>
        <translation>O terminal não pode usar este endereço de dispositivo: %1</translation>
    </message>
    <message>
        <source>The card reader is not available: %1</source>
        <translation>O leitor de cartões não está disponível: %1</translation>
    </message>
    <message>
        <source>The device did not answer: %1</source>
        <translation>O dispositivo não respondeu: %1</translation>
    </message>
    <message>
        <source>The test did not work: %1</source>
        <translation>O teste não funcionou: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>Procurando dispositivos…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>Não foi possível listar os dispositivos: %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Salvando…</translation>
    </message>
    <message>
        <source>None configured ([rfid] reader in the branch config).</source>
        <translation>Nenhuma configurada ([rfid] reader na configuração da unidade).</translation>
    </message>
    <message>
        <source>No tag on the pad.</source>
        <translation>Nenhuma etiqueta na base de leitura.</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>another library&apos;s item (this library is %1)</source>
        <translation>item de outra biblioteca (esta biblioteca é %1)</translation>
    </message>
    <message>
        <source>RFID pad</source>
        <translation>Base de leitura RFID</translation>
    </message>
    <message>
        <source>Test scans</source>
        <translation>Testar leitura</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Pré-visualizar</translation>
    </message>
    <message>
        <source>Read a card</source>
        <translation>Ler um cartão</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>Página de teste</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Voltar</translation>
    </message>
    <message>
        <source>Save to the branch config</source>
        <translation>Salvar na configuração da unidade</translation>
    </message>
    <message>
        <source>Nothing chosen.</source>
        <translation>Nada escolhido.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testando…</translation>
    </message>
    <message>
        <source>Read: %1</source>
        <translation>Lido: %1</translation>
    </message>
    <message>
        <source>Connected. Scan a barcode (or hold one up to the camera).</source>
        <translation>Conectado. Leia um código de barras (ou mostre-o à câmera).</translation>
    </message>
    <message>
        <source>Listening: scan a barcode (or hold one up to the camera).</source>
        <translation>Aguardando: escaneie um código de barras (ou mostre-o à câmera).</translation>
    </message>
    <message>
        <source>Card reader works: a card is on it.</source>
        <translation>O leitor de cartões funciona: há um cartão nele.</translation>
    </message>
    <message>
        <source>My Number card read. Certificate valid until %1.</source>
        <translation>Cartão My Number lido. Certificado válido até %1.</translation>
    </message>
    <message>
        <source>The printer is not ready: %1. Detail: %2</source>
        <translation>A impressora não está pronta: %1. Detalhe: %2</translation>
    </message>
    <message>
        <source>Test page sent. Check the printout.</source>
        <translation>Página de teste enviada. Confira a impressão.</translation>
    </message>
    <message>
        <source>This kiosk runs on the embedded demo defaults: there is no branch config file to save to.</source>
        <translation>Este quiosque usa a configuração de demonstração embutida: não há arquivo de configuração para salvar.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Não salvo: %1</translation>
    </message>
    <message>
        <source>Saved to %1. Restart the kiosk to use the new devices.</source>
        <translation>Salvo em %1. Reinicie o quiosque para usar os novos dispositivos.</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message numerus="yes">
        <source>%n reserved item(s) are waiting for you on the hold shelf.</source>
        <translation>
            <numerusform>%n item reservado está esperando por você na estante de reservas.</numerusform>
            <numerusform>%n itens reservados estão esperando por você na estante de reservas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You can borrow %n more item(s).</source>
        <translation>
            <numerusform>Você ainda pode pegar %n item.</numerusform>
            <numerusform>Você ainda pode pegar %n itens.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>Você atingiu o limite de empréstimos.</translation>
    </message>
</context>
</TS>
