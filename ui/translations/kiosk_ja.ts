<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>CardScreen</name>
    <message>
        <source>Please place your My Number card on the reader</source>
        <translation>マイナンバーカードを読み取り機に置いてください</translation>
    </message>
    <message>
        <source>Leave it there until your name appears. You can also scan your library card instead.</source>
        <translation>お名前が表示されるまで置いたままにしてください。図書館カードのバーコードでも利用できます。</translation>
    </message>
    <message>
        <source>Reading your card… please leave it on the reader.</source>
        <translation>カードを読み取っています… 読み取り機に置いたままにしてください。</translation>
    </message>
    <message>
        <source>Only the card&apos;s electronic certificate is checked. Your My Number is never read.</source>
        <translation>確認するのはカードの電子証明書だけです。マイナンバー（個人番号）は読み取りません。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
</context>
<context>
    <name>FinishQuestion</name>
    <message>
        <source>Finished, %1?</source>
        <translation>%1 さま、終わりましたか？</translation>
    </message>
    <message>
        <source>Another library card (%1) was scanned. If you are done, press Finish; the next person can then scan their card. To borrow more, press Continue.</source>
        <translation>別の利用者カード（%1）が読み取られました。お済みでしたら「終了」を押してください。次の方がカードを読み取れます。続けて借りる場合は「続ける」を押してください。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>続ける</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>ご利用ありがとうございました</translation>
    </message>
    <message numerus="yes">
        <source>You borrowed %n item(s).</source>
        <translation>
            <numerusform>%n点借りました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You renewed %n item(s).</source>
        <translation>
            <numerusform>%n点延長しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Item %1</source>
        <translation>資料 %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>返却期限 %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>延長しました&#x3000;返却期限 %1</translation>
    </message>
    <message>
        <source>Nothing was borrowed.</source>
        <translation>借りた資料はありません。</translation>
    </message>
    <message>
        <source>Please take your receipt.</source>
        <translation>レシートをお取りください。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>終わる</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Please scan your library card</source>
        <translation>利用者カードをかざしてください</translation>
    </message>
    <message>
        <source>Hold the barcode of your card (or your phone&apos;s screen) under the scanner.</source>
        <translation>カード（またはスマートフォンの画面）のバーコードを読み取り機にかざしてください。</translation>
    </message>
    <message>
        <source>Scan your library card, or its barcode on your phone</source>
        <translation>利用者カードか
スマホの画面を
読み取ります</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan each barcode</source>
        <translation>資料を読み取り台に置くか、バーコードを1点ずつ読み取ってください</translation>
    </message>
    <message>
        <source>Scan each item&apos;s barcode, one at a time</source>
        <translation>資料を1点ずつ
読み取ります</translation>
    </message>
    <message>
        <source>Press Finish and take your receipt</source>
        <translation>「終了」を押して
レシートを取ります</translation>
    </message>
    <message>
        <source>Press Finish when you are done</source>
        <translation>終わったら
「終了」を押します</translation>
    </message>
    <message>
        <source>Use a My Number card</source>
        <translation>マイナンバーカードを使う</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <source>Are you still there? This session ends in %1 seconds.</source>
        <translation>まだご利用中ですか？あと%1秒で終了します。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>続ける</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Checking…</source>
        <translation>確認しています…</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>文字を大きく</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>白黒反転</translation>
    </message>
    <message>
        <source>Working offline: your loans are recorded here and sent to the library system later.</source>
        <translation>ただいまオフラインで貸出しています。貸出の記録は、後で図書館のシステムに送られます。</translation>
    </message>
</context>
<context>
    <name>LoanRow</name>
    <message>
        <source>Item %1</source>
        <translation>資料 %1</translation>
    </message>
    <message>
        <source>Renewed; still due back %1 (a renewal counts from today)</source>
        <translation>延長しました。返却期限は %1 のままです（延長は今日から数えます）</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>延長しました&#x3000;返却期限 %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>返却期限 %1</translation>
    </message>
    <message>
        <source>Borrowed recently: a renewal today would not give a later due date.</source>
        <translation>借りたばかりのため、今日延長しても返却期限は延びません。</translation>
    </message>
    <message>
        <source>Someone is waiting for this item, so it cannot be renewed.</source>
        <translation>予約が入っているため延長できません。</translation>
    </message>
    <message>
        <source>This item is overdue. Please return it or ask at the counter.</source>
        <translation>返却期限を過ぎています。返却するか、カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>Renew: due %1</source>
        <translation>延長する（返却期限 %1 に）</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>延長する</translation>
    </message>
</context>
<context>
    <name>LoansScreen</name>
    <message>
        <source>Your loans</source>
        <translation>借りている資料</translation>
    </message>
    <message numerus="yes">
        <source>You have %n item(s) on loan.</source>
        <translation>
            <numerusform>%n点借りています。</numerusform>
        </translation>
    </message>
    <message>
        <source>You have nothing on loan.</source>
        <translation>借りている資料はありません。</translation>
    </message>
    <message>
        <source>Your loans cannot be shown while the library system is offline. Borrowing still works.</source>
        <translation>図書館システムに接続できないため、借りている資料を表示できません。貸出はご利用いただけます。</translation>
    </message>
    <message>
        <source>This machine does not show loans. Please ask at the counter or use My Page.</source>
        <translation>この機械では借りている資料を表示しません。カウンターまたはマイページでご確認ください。</translation>
    </message>
    <message>
        <source>Back to borrowing</source>
        <translation>貸出にもどる</translation>
    </message>
</context>
<context>
    <name>MachineGuide</name>
    <message>
        <source>Barcode scanner</source>
        <translation>バーコード
読み取り機</translation>
    </message>
    <message>
        <source>Camera (for phones)</source>
        <translation>カメラ
（スマートフォン用）</translation>
    </message>
    <message>
        <source>My Number card reader</source>
        <translation>マイナンバーカード
読み取り機</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The barcode could not be read. Please scan it again, holding it still.</source>
        <translation>バーコードを読み取れませんでした。動かさずに、もう一度かざしてください。</translation>
    </message>
    <message>
        <source>This barcode is not a library card or a library item.</source>
        <translation>このバーコードは、図書館のカードや資料のものではありません。</translation>
    </message>
    <message>
        <source>The number was not read correctly. Please scan it again.</source>
        <translation>番号を正しく読み取れませんでした。もう一度読み取ってください。</translation>
    </message>
    <message>
        <source>This card is an old type. Please have it renewed at the counter.</source>
        <translation>このカードは古い種類のため使えません。カウンターで新しいカードに切り替えてください。</translation>
    </message>
    <message>
        <source>Please scan your library card first, then your items.</source>
        <translation>先に利用者カードをかざしてから、資料を読み取ってください。</translation>
    </message>
    <message>
        <source>This item is already on your list.</source>
        <translation>この資料は、もう一覧に入っています。</translation>
    </message>
    <message>
        <source>You are already signed in. Please scan your items.</source>
        <translation>カードは読み取り済みです。資料を読み取ってください。</translation>
    </message>
    <message>
        <source>That is the publisher&apos;s barcode. Please scan the library&apos;s label instead.</source>
        <translation>それは本のISBNバーコードです。図書館のバーコードラベルを読み取ってください。</translation>
    </message>
    <message>
        <source>This is not a library card. Please show your library card&apos;s barcode.</source>
        <translation>これは図書館の利用カードではありません。図書館カードのバーコードを見せてください。</translation>
    </message>
    <message>
        <source>This card is not registered. Please ask at the counter.</source>
        <translation>このカードは登録されていません。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>This card has been reported lost. Please ask at the counter.</source>
        <translation>このカードは紛失の届けが出ています。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>You have overdue items. Please return them first or ask at the counter.</source>
        <translation>返却期限を過ぎた資料があります。先に返却するか、カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>Borrowing is paused on your account. Please ask at the counter.</source>
        <translation>現在、貸出が止まっています。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the counter.</source>
        <translation>現在、貸出できません。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>The PIN is not correct. Please try again or ask at the counter.</source>
        <translation>暗証番号が違います。もう一度入力するか、カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>Your card has expired. Please have it renewed at the counter.</source>
        <translation>カードの有効期限が切れています。カウンターで更新してください。</translation>
    </message>
    <message>
        <source>Self-checkout is not available right now. Please ask at the counter.</source>
        <translation>ただいま自動貸出機が使えません。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>This card cannot be checked right now. Please ask at the counter.</source>
        <translation>ただいまこのカードを確認できません。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>This item cannot be borrowed here. Please take it to the counter.</source>
        <translation>この資料は自動貸出機では借りられません。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>借りられる点数の上限に達しています。</translation>
    </message>
    <message>
        <source>This item could not be lent right now. Please take it to the counter.</source>
        <translation>この資料はただいま貸出できませんでした。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>This item is for use in the library only.</source>
        <translation>この資料は館内利用のみです（貸出できません）。</translation>
    </message>
    <message>
        <source>This item is reserved for someone else. Please take it to the counter.</source>
        <translation>この資料はほかの方が予約しています。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>This item is recorded as lent to someone else. Please take it to the counter.</source>
        <translation>この資料はほかの方に貸出中の記録があります。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>This item was borrowed from another library. Please take it to the counter.</source>
        <translation>この資料はほかの図書館から借りた資料です。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>This item is not in the library&apos;s catalogue. Please take it to the counter.</source>
        <translation>この資料は図書館の蔵書に登録されていません。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>This item has a loan recorded here that the library system has not accepted yet. Please ask the staff.</source>
        <translation>この資料には、この機械で記録した貸出があり、図書館のシステムでまだ確認されていません。職員にお声がけください。</translation>
    </message>
    <message>
        <source>Someone is waiting for this item.</source>
        <translation>この資料には予約が入っています。</translation>
    </message>
    <message>
        <source>It has been renewed as many times as the library allows.</source>
        <translation>延長できる回数の上限に達しています。</translation>
    </message>
    <message>
        <source>It cannot be renewed yet: a renewal today would not give a later date.</source>
        <translation>まだ延長できません。今日延長しても返却期限は延びません。</translation>
    </message>
    <message>
        <source>It is past its due date. Please return it or ask at the counter.</source>
        <translation>返却期限を過ぎています。返却するか、カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>Items of this kind cannot be renewed.</source>
        <translation>この種類の資料は延長できません。</translation>
    </message>
    <message>
        <source>It has reached the longest time an item may be kept.</source>
        <translation>借りられる期間の上限に達しています。</translation>
    </message>
    <message>
        <source>It is not on loan to you. Please ask at the counter.</source>
        <translation>この資料はあなたに貸出中ではありません。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>You have reached today&apos;s limit for this machine. Please take the rest to the counter.</source>
        <translation>この機械で本日借りられる点数に達しました。残りはカウンターへお持ちください。</translation>
    </message>
    <message>
        <source>Self-checkout is paused. Please take your items to the counter.</source>
        <translation>ただいま自動貸出を休止しています。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>The card could not be read. Please place it on the reader again and leave it there.</source>
        <translation>カードを読み取れませんでした。もう一度読み取り機に置いて、そのままお待ちください。</translation>
    </message>
    <message>
        <source>This card cannot be used here. Please use your library card or ask at the counter.</source>
        <translation>このカードはここではご利用いただけません。図書館カードをお使いいただくか、カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>The card reader is not working right now. Please scan your library card instead, or ask at the counter.</source>
        <translation>ただいまカード読み取り機が使えません。図書館カードのバーコードをかざすか、カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>This is not a My Number card. Please place your My Number card, or scan your library card.</source>
        <translation>マイナンバーカードではないようです。マイナンバーカードを置くか、図書館カードをかざしてください。</translation>
    </message>
    <message>
        <source>My Number on a smartphone cannot be used here. Please use the card itself or your library card.</source>
        <translation>スマートフォンのマイナンバーカード機能はここでは使えません。カード本体か図書館カードをお使いください。</translation>
    </message>
    <message>
        <source>The electronic certificate on this card has expired. It is renewed at your city office. Until then, please use your library card.</source>
        <translation>このカードの電子証明書は有効期限が切れています。更新はお住まいの市区町村の窓口でできます。それまでは図書館カードをお使いください。</translation>
    </message>
    <message>
        <source>This My Number card is not registered with the library yet. Please register it at the counter (bring your library card).</source>
        <translation>このマイナンバーカードは、まだ図書館に登録されていません。カウンターで登録してください（図書館カードをお持ちください）。</translation>
    </message>
    <message>
        <source>The card&apos;s PIN is locked. Your city office can unlock it. Please use your library card or ask at the counter.</source>
        <translation>カードの暗証番号がロックされています。ロックの解除はお住まいの市区町村の窓口でできます。図書館カードをお使いいただくか、カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>This item was not renewed.</source>
        <translation>延長できませんでした。</translation>
    </message>
    <message>
        <source>The library system did not allow the renewal. Please ask at the counter.</source>
        <translation>図書館のシステムで延長が認められませんでした。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>Renewals are not possible right now. Please try again later or ask at the counter.</source>
        <translation>ただいま延長の手続きができません。時間をおいてもう一度お試しいただくか、カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>Items borrowed from another library cannot be renewed here.</source>
        <translation>他の図書館から借りている資料は、ここでは延長できません。</translation>
    </message>
    <message>
        <source>Message from the library: %1</source>
        <translation>図書館からのお知らせ：%1</translation>
    </message>
    <message>
        <source>Please scan your library card first.</source>
        <translation>先に利用者カードをかざしてください。</translation>
    </message>
    <message>
        <source>Please put all %1 parts on the pad.</source>
        <translation>%1点すべてを読み取り台に置いてください。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認しています…</translation>
    </message>
    <message>
        <source>Lent.</source>
        <translation>貸出しました。</translation>
    </message>
    <message>
        <source>Please show this item to the staff before you leave.</source>
        <translation>お帰りの前に、この資料を職員に見せてください。</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>この資料はすでにお借りになっています。</translation>
    </message>
    <message>
        <source>This is not this library&apos;s item. Please take it to the counter.</source>
        <translation>この図書館の資料ではありません。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>Its tag could not be read. Please show this item to the staff.</source>
        <translation>タグが読み取れませんでした。この資料を職員に見せてください。</translation>
    </message>
    <message>
        <source>Please show this item to the staff.</source>
        <translation>この資料を職員に見せてください。</translation>
    </message>
    <message>
        <source>%1 of %2 parts are on the pad</source>
        <translation>%2点のうち%1点が読み取り台にあります</translation>
    </message>
    <message>
        <source>The book pad is not working right now. Please scan each item&apos;s barcode instead.</source>
        <translation>いま読み取り台が使えません。資料のバーコードを1点ずつ読み取ってください。</translation>
    </message>
    <message>
        <source>An item on the pad</source>
        <translation>読み取り台の資料</translation>
    </message>
    <message>
        <source>Please scan your library card first. Then the items on the pad will be lent to you.</source>
        <translation>先に利用者カードをかざしてください。読み取り台の資料は、そのあと貸出されます。</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask at the counter.</source>
        <translation>うまくいきませんでした。もう一度お試しいただくか、カウンターでお問い合わせください。</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>Out of service</source>
        <translation>ただいま休止中です</translation>
    </message>
    <message>
        <source>Please borrow at the counter.</source>
        <translation>貸出はカウンターでどうぞ。</translation>
    </message>
</context>
<context>
    <name>PatronScreen</name>
    <message>
        <source>Welcome, %1</source>
        <translation>%1 さん、こんにちは</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>こんにちは</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan them one at a time. When you are done, press Finish.</source>
        <translation>借りる資料を読み取り台に置くか、1点ずつ読み取ってください。終わったら「終了」を押してください。</translation>
    </message>
    <message>
        <source>Scan your items one at a time. When you are done, press Finish.</source>
        <translation>借りる資料を1点ずつ読み取ってください。終わったら「終了」を押してください。</translation>
    </message>
    <message>
        <source>No items yet.</source>
        <translation>まだ資料はありません。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>My loans</source>
        <translation>借りている資料</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Please enter your My Number card&apos;s PIN</source>
        <translation>マイナンバーカードの暗証番号を入力してください</translation>
    </message>
    <message>
        <source>The 4-digit PIN for signing in that you chose at the city office. Leave the card on the reader and cover the pad with your hand.</source>
        <translation>市区町村の窓口で設定した、数字4桁の利用者証明用の暗証番号です。カードは置いたまま、手で隠して入力してください。</translation>
    </message>
    <message>
        <source>Please enter your PIN</source>
        <translation>暗証番号を入力してください</translation>
    </message>
    <message>
        <source>Your 4-digit PIN (password) for the library. Cover the pad with your hand.</source>
        <translation>図書館の暗証番号（4けた）です。手でかくして入力してください。</translation>
    </message>
    <message numerus="yes">
        <source>The PIN is not correct. %n tries left.</source>
        <translation>
            <numerusform>暗証番号が違います。あと%n回入力できます。</numerusform>
        </translation>
    </message>
    <message>
        <source>One more wrong PIN locks the card; only the city office can unlock it. If you are not sure, press Cancel.</source>
        <translation>あと1回間違えるとカードがロックされ、市区町村の窓口でしか解除できません。自信がなければ「やめる」を押してください。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>消す</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>1字消す</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>やめる</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>決定</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Would you like a receipt?</source>
        <translation>レシートを印刷しますか？</translation>
    </message>
    <message>
        <source>It lists what you borrowed and when it is due back.</source>
        <translation>借りた資料と返却期限が印刷されます。</translation>
    </message>
    <message>
        <source>Print a receipt</source>
        <translation>印刷する</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>印刷しない</translation>
    </message>
</context>
<context>
    <name>RowWidget</name>
    <message>
        <source>Item %1</source>
        <translation>資料 %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>返却期限 %1</translation>
    </message>
    <message>
        <source>You already have this: due back %1</source>
        <translation>すでにお借りになっています&#x3000;返却期限 %1</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>この資料はすでにお借りになっています。</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>延長しました&#x3000;返却期限 %1</translation>
    </message>
    <message>
        <source>Your reserved item: picked up.</source>
        <translation>ご予約の資料です。受け取りました。</translation>
    </message>
</context>
<context>
    <name>StaffHomeScreen</name>
    <message>
        <source>a library card</source>
        <translation>図書館カード</translation>
    </message>
    <message>
        <source>an item (book or other material)</source>
        <translation>資料（本など）</translation>
    </message>
    <message>
        <source>an ISBN (not the library&apos;s item barcode)</source>
        <translation>ISBN（図書館の資料バーコードではありません）</translation>
    </message>
    <message>
        <source>not usable: nothing was read</source>
        <translation>使えません: 何も読み取れませんでした</translation>
    </message>
    <message>
        <source>not usable: characters no library label carries</source>
        <translation>使えません: 図書館のラベルにない文字です</translation>
    </message>
    <message>
        <source>not usable: too long</source>
        <translation>使えません: 長すぎます</translation>
    </message>
    <message>
        <source>not usable: the check digit is wrong</source>
        <translation>使えません: チェックデジットが合いません</translation>
    </message>
    <message>
        <source>a library card of a retired series</source>
        <translation>使われなくなった番号帯の図書館カード</translation>
    </message>
    <message>
        <source>not a card, item or ISBN this library uses</source>
        <translation>この図書館のカード・資料・ISBNのどれでもありません</translation>
    </message>
    <message>
        <source>%1 is read as %2.</source>
        <translation>%1 は「%2」と読み取られます。</translation>
    </message>
    <message>
        <source>Reading the kiosk&apos;s status…</source>
        <translation>端末の状態を読み込んでいます…</translation>
    </message>
    <message>
        <source>The kiosk&apos;s status could not be read: %1</source>
        <translation>端末の状態を読み込めませんでした: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>機器を探しています…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>機器の一覧を取得できませんでした: %1</translation>
    </message>
    <message>
        <source>Staff mode</source>
        <translation>スタッフモード</translation>
    </message>
    <message>
        <source>online (answering)</source>
        <translation>オンライン（応答あり）</translation>
    </message>
    <message>
        <source>offline (loans are kept here and sent later)</source>
        <translation>オフライン（貸出はこの端末に記録し、後で送ります）</translation>
    </message>
    <message>
        <source>Library system: %1</source>
        <translation>図書館システム: %1</translation>
    </message>
    <message>
        <source>Offline loans waiting: %1</source>
        <translation>未送信のオフライン貸出: %1</translation>
    </message>
    <message>
        <source>Offline loans refused: %1</source>
        <translation>拒否されたオフライン貸出: %1</translation>
    </message>
    <message>
        <source>Devices found:</source>
        <translation>見つかった機器:</translation>
    </message>
    <message>
        <source>Scan test: scan any barcode.</source>
        <translation>スキャンテスト: バーコードを読み取ってください。</translation>
    </message>
    <message>
        <source>Back in service</source>
        <translation>運用を再開</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>休止にする</translation>
    </message>
    <message>
        <source>Restart the kiosk</source>
        <translation>キオスクを再起動</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>機器の設定</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>マイナンバーカードの登録</translation>
    </message>
    <message>
        <source>Leave staff mode</source>
        <translation>スタッフモードを終了</translation>
    </message>
</context>
<context>
    <name>StaffLinkScreen</name>
    <message>
        <source>Reading the card…</source>
        <translation>カードを読み取っています…</translation>
    </message>
    <message>
        <source>Linked to library card %1. The certificate is valid until %2.</source>
        <translation>図書館カード %1 に登録しました。電子証明書の有効期限は %2 です。</translation>
    </message>
    <message>
        <source>That is not a library card number. Scan the patron&apos;s library card.</source>
        <translation>図書館カードの番号ではありません。利用者の図書館カードを読み取ってください。</translation>
    </message>
    <message>
        <source>The card could not be linked: %1</source>
        <translation>カードを登録できませんでした: %1</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>マイナンバーカードの登録</translation>
    </message>
    <message>
        <source>1. Scan the patron&apos;s library card.</source>
        <translation>1. 利用者の図書館カードを読み取ってください。</translation>
    </message>
    <message>
        <source>Library card: %1</source>
        <translation>図書館カード: %1</translation>
    </message>
    <message>
        <source>2. The patron places the My Number card on the reader; press Link. Only the certificate&apos;s link key is kept.</source>
        <translation>2. 利用者がマイナンバーカードを読み取り機に置いたら「登録」を押します。保存するのは電子証明書から作るリンクキーだけです。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>登録</translation>
    </message>
</context>
<context>
    <name>StaffPinScreen</name>
    <message>
        <source>Checking the PIN…</source>
        <translation>暗証番号を確認しています…</translation>
    </message>
    <message>
        <source>Staff mode is locked after wrong PINs. Time left: %1</source>
        <translation>暗証番号の誤りが続いたためロック中です。残り時間 %1</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>暗証番号が違います。あと%1回。</translation>
    </message>
    <message>
        <source>The PIN could not be checked: %1</source>
        <translation>暗証番号を確認できませんでした: %1</translation>
    </message>
    <message>
        <source>You can enter the PIN again.</source>
        <translation>暗証番号をもう一度入力できます。</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>スタッフ用暗証番号</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>消す</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>1字消す</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>やめる</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>決定</translation>
    </message>
</context>
<context>
    <name>StaffSetupScreen</name>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>機器の設定</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>バーコードスキャナー</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>カメラ</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>接続しています</translation>
    </message>
    <message>
        <source>Not connected (the kiosk keeps trying)</source>
        <translation>接続されていません（端末が再接続を試み続けます）</translation>
    </message>
    <message>
        <source>Not working: the settings need fixing</source>
        <translation>動作していません: 設定の修正が必要です</translation>
    </message>
    <message>
        <source>Barcode scanner (serial)</source>
        <translation>バーコードスキャナー（シリアル）</translation>
    </message>
    <message>
        <source>Barcode scanner (keyboard)</source>
        <translation>バーコードスキャナー（キーボード）</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>カードリーダー</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>レシートプリンター</translation>
    </message>
    <message>
        <source>Detail: %1</source>
        <translation>詳細: %1</translation>
    </message>
    <message>
        <source>Card reader: the PC/SC service (pcscd) is not available. Detail: %1</source>
        <translation>カードリーダー: PC/SC サービス（pcscd）が使えません。詳細: %1</translation>
    </message>
    <message>
        <source>The kiosk cannot use this device address: %1</source>
        <translation>この機器のアドレスは使えません: %1</translation>
    </message>
    <message>
        <source>The card reader is not available: %1</source>
        <translation>カードリーダーを使えません: %1</translation>
    </message>
    <message>
        <source>The device did not answer: %1</source>
        <translation>機器が応答しませんでした: %1</translation>
    </message>
    <message>
        <source>The test did not work: %1</source>
        <translation>テストできませんでした: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>機器を探しています…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>機器の一覧を取得できませんでした: %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存しています…</translation>
    </message>
    <message>
        <source>None configured ([rfid] reader in the branch config).</source>
        <translation>設定されていません（支店設定の [rfid] reader）。</translation>
    </message>
    <message>
        <source>No tag on the pad.</source>
        <translation>読み取り台にタグはありません。</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>another library&apos;s item (this library is %1)</source>
        <translation>他館の資料（この図書館は %1）</translation>
    </message>
    <message>
        <source>RFID pad</source>
        <translation>RFID読み取り台</translation>
    </message>
    <message>
        <source>Test scans</source>
        <translation>読み取りテスト</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>プレビュー</translation>
    </message>
    <message>
        <source>Read a card</source>
        <translation>カードを読む</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>テスト印字</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Save to the branch config</source>
        <translation>館の設定ファイルに保存</translation>
    </message>
    <message>
        <source>Nothing chosen.</source>
        <translation>何も選ばれていません。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>テストしています…</translation>
    </message>
    <message>
        <source>Read: %1</source>
        <translation>読み取り: %1</translation>
    </message>
    <message>
        <source>Connected. Scan a barcode (or hold one up to the camera).</source>
        <translation>接続しました。バーコードを読み取ってください（カメラにかざしても可）。</translation>
    </message>
    <message>
        <source>Listening: scan a barcode (or hold one up to the camera).</source>
        <translation>待機中: バーコードを読み取ってください（カメラにかざしても可）。</translation>
    </message>
    <message>
        <source>Card reader works: a card is on it.</source>
        <translation>カードリーダーは動作しています: カードが置かれています。</translation>
    </message>
    <message>
        <source>My Number card read. Certificate valid until %1.</source>
        <translation>マイナンバーカードを読み取りました。電子証明書の有効期限は %1 です。</translation>
    </message>
    <message>
        <source>The printer is not ready: %1. Detail: %2</source>
        <translation>プリンターを使えません: %1。詳細: %2</translation>
    </message>
    <message>
        <source>Test page sent. Check the printout.</source>
        <translation>テスト印字を送りました。印字を確認してください。</translation>
    </message>
    <message>
        <source>This kiosk runs on the embedded demo defaults: there is no branch config file to save to.</source>
        <translation>この端末は組み込みのデモ設定で動いています: 保存先の設定ファイルがありません。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存しませんでした: %1</translation>
    </message>
    <message>
        <source>Saved to %1. Restart the kiosk to use the new devices.</source>
        <translation>%1 に保存しました。新しい機器を使うには端末を再起動してください。</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message numerus="yes">
        <source>%n reserved item(s) are waiting for you on the hold shelf.</source>
        <translation>
            <numerusform>ご予約の資料が%n点届いています（予約棚）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You can borrow %n more item(s).</source>
        <translation>
            <numerusform>あと%n点借りられます。</numerusform>
        </translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>貸出できる上限に達しています。</translation>
    </message>
</context>
</TS>
