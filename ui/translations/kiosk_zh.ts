<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CardScreen</name>
    <message>
        <source>Please place your My Number card on the reader</source>
        <translation>请将个人编号卡（My Number卡）放在读卡器上</translation>
    </message>
    <message>
        <source>Leave it there until your name appears. You can also scan your library card instead.</source>
        <translation>请一直放着，直到显示您的姓名。也可以改为扫描图书馆卡。</translation>
    </message>
    <message>
        <source>Reading your card… please leave it on the reader.</source>
        <translation>正在读取卡片… 请不要从读卡器上拿开。</translation>
    </message>
    <message>
        <source>Only the card&apos;s electronic certificate is checked. Your My Number is never read.</source>
        <translation>只核对卡内的电子证书，绝不读取您的个人编号。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>FinishQuestion</name>
    <message>
        <source>Finished, %1?</source>
        <translation>%1，您借完了吗？</translation>
    </message>
    <message>
        <source>Another library card (%1) was scanned. If you are done, press Finish; the next person can then scan their card. To borrow more, press Continue.</source>
        <translation>扫描到了另一张借阅证（%1）。如果您已借完，请按“完成借书”，下一位读者即可扫描借阅证。如需继续借阅，请按“继续使用”。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成借书</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续使用</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>感谢使用！</translation>
    </message>
    <message numerus="yes">
        <source>You borrowed %n item(s).</source>
        <translation>
            <numerusform>您已借阅 %n 件资料。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You renewed %n item(s).</source>
        <translation>
            <numerusform>您已续借 %n 件资料。</numerusform>
        </translation>
    </message>
    <message>
        <source>Item %1</source>
        <translation>资料 %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>还书期限 %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>已续借，还书期限 %1</translation>
    </message>
    <message>
        <source>Nothing was borrowed.</source>
        <translation>本次没有借阅资料。</translation>
    </message>
    <message>
        <source>Please take your receipt.</source>
        <translation>请取走借书凭条。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Please scan your library card</source>
        <translation>请扫描借阅证</translation>
    </message>
    <message>
        <source>Hold the barcode of your card (or your phone&apos;s screen) under the scanner.</source>
        <translation>请将借阅证（或手机屏幕）上的条形码放到扫描器下方。</translation>
    </message>
    <message>
        <source>Scan your library card, or its barcode on your phone</source>
        <translation>扫描借阅证，或手机上显示的条形码</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan each barcode</source>
        <translation>请把资料放在感应台上，或逐件扫描条形码</translation>
    </message>
    <message>
        <source>Scan each item&apos;s barcode, one at a time</source>
        <translation>逐一扫描要借的资料的条形码</translation>
    </message>
    <message>
        <source>Press Finish and take your receipt</source>
        <translation>按“完成借书”，取走凭条</translation>
    </message>
    <message>
        <source>Press Finish when you are done</source>
        <translation>借完后按“完成借书”</translation>
    </message>
    <message>
        <source>Use a My Number card</source>
        <translation>使用个人编号卡</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <source>Are you still there? This session ends in %1 seconds.</source>
        <translation>您还在使用吗？%1 秒后将结束本次操作。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续使用</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Checking…</source>
        <translation>正在确认…</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>放大字体</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <source>Working offline: your loans are recorded here and sent to the library system later.</source>
        <translation>目前为离线借书：借阅记录先保存在本机，稍后会发送到图书馆系统。</translation>
    </message>
</context>
<context>
    <name>LoanRow</name>
    <message>
        <source>Item %1</source>
        <translation>资料 %1</translation>
    </message>
    <message>
        <source>Renewed; still due back %1 (a renewal counts from today)</source>
        <translation>已续借。还书期限仍为 %1（续借从今天起算）</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>已续借，还书期限 %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>还书期限 %1</translation>
    </message>
    <message>
        <source>Borrowed recently: a renewal today would not give a later due date.</source>
        <translation>刚借不久：今天续借不会延后还书期限。</translation>
    </message>
    <message>
        <source>Someone is waiting for this item, so it cannot be renewed.</source>
        <translation>此资料已有他人预约，无法续借。</translation>
    </message>
    <message>
        <source>This item is overdue. Please return it or ask at the counter.</source>
        <translation>此资料已超过还书期限。请归还，或到服务台咨询。</translation>
    </message>
    <message>
        <source>Renew: due %1</source>
        <translation>续借（还书期限改为 %1）</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>续借</translation>
    </message>
</context>
<context>
    <name>LoansScreen</name>
    <message>
        <source>Your loans</source>
        <translation>我的借阅</translation>
    </message>
    <message numerus="yes">
        <source>You have %n item(s) on loan.</source>
        <translation>
            <numerusform>您目前借阅 %n 件资料。</numerusform>
        </translation>
    </message>
    <message>
        <source>You have nothing on loan.</source>
        <translation>您目前没有借阅的资料。</translation>
    </message>
    <message>
        <source>Your loans cannot be shown while the library system is offline. Borrowing still works.</source>
        <translation>图书馆系统暂时无法连接，不能显示借阅记录。借书仍可正常办理。</translation>
    </message>
    <message>
        <source>This machine does not show loans. Please ask at the counter or use My Page.</source>
        <translation>本机不显示借阅记录。请到服务台咨询，或在图书馆网站的“My Page（我的页面）”查看。</translation>
    </message>
    <message>
        <source>Back to borrowing</source>
        <translation>返回借书</translation>
    </message>
</context>
<context>
    <name>MachineGuide</name>
    <message>
        <source>Barcode scanner</source>
        <translation>条形码
扫描器</translation>
    </message>
    <message>
        <source>Camera (for phones)</source>
        <translation>摄像头
（手机用）</translation>
    </message>
    <message>
        <source>My Number card reader</source>
        <translation>个人编号卡
读卡器</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The barcode could not be read. Please scan it again, holding it still.</source>
        <translation>无法读取条形码。请拿稳后再扫描一次。</translation>
    </message>
    <message>
        <source>This barcode is not a library card or a library item.</source>
        <translation>此条形码不是借阅证或图书馆资料的条形码。</translation>
    </message>
    <message>
        <source>The number was not read correctly. Please scan it again.</source>
        <translation>号码没有正确读取。请再扫描一次。</translation>
    </message>
    <message>
        <source>This card is an old type. Please have it renewed at the counter.</source>
        <translation>此借阅证是旧版，无法使用。请到服务台换新卡。</translation>
    </message>
    <message>
        <source>Please scan your library card first, then your items.</source>
        <translation>请先扫描借阅证，再扫描要借的资料。</translation>
    </message>
    <message>
        <source>This item is already on your list.</source>
        <translation>此资料已在列表中。</translation>
    </message>
    <message>
        <source>You are already signed in. Please scan your items.</source>
        <translation>借阅证已读取。请扫描要借的资料。</translation>
    </message>
    <message>
        <source>That is the publisher&apos;s barcode. Please scan the library&apos;s label instead.</source>
        <translation>这是出版社的条形码（ISBN）。请扫描图书馆贴的条形码标签。</translation>
    </message>
    <message>
        <source>This is not a library card. Please show your library card&apos;s barcode.</source>
        <translation>这不是图书馆借书证。请出示您的借书证条形码。</translation>
    </message>
    <message>
        <source>This card is not registered. Please ask at the counter.</source>
        <translation>此借阅证未登记。请到服务台咨询。</translation>
    </message>
    <message>
        <source>This card has been reported lost. Please ask at the counter.</source>
        <translation>此借阅证已挂失。请到服务台咨询。</translation>
    </message>
    <message>
        <source>You have overdue items. Please return them first or ask at the counter.</source>
        <translation>您有超期未还的资料。请先归还，或到服务台咨询。</translation>
    </message>
    <message>
        <source>Borrowing is paused on your account. Please ask at the counter.</source>
        <translation>您的借阅目前已暂停。请到服务台咨询。</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the counter.</source>
        <translation>您目前无法借书。请到服务台咨询。</translation>
    </message>
    <message>
        <source>The PIN is not correct. Please try again or ask at the counter.</source>
        <translation>密码不正确。请重新输入，或到服务台咨询。</translation>
    </message>
    <message>
        <source>Your card has expired. Please have it renewed at the counter.</source>
        <translation>您的借阅证已过期。请到服务台办理更新。</translation>
    </message>
    <message>
        <source>Self-checkout is not available right now. Please ask at the counter.</source>
        <translation>自助借书机暂时无法使用。请到服务台咨询。</translation>
    </message>
    <message>
        <source>This card cannot be checked right now. Please ask at the counter.</source>
        <translation>暂时无法确认此借阅证。请到服务台咨询。</translation>
    </message>
    <message>
        <source>This item cannot be borrowed here. Please take it to the counter.</source>
        <translation>此资料不能在自助借书机借阅。请拿到服务台办理。</translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>您已达到可借数量上限。</translation>
    </message>
    <message>
        <source>This item could not be lent right now. Please take it to the counter.</source>
        <translation>此资料暂时无法借出。请拿到服务台办理。</translation>
    </message>
    <message>
        <source>This item is for use in the library only.</source>
        <translation>此资料仅限馆内阅览，不能外借。</translation>
    </message>
    <message>
        <source>This item is reserved for someone else. Please take it to the counter.</source>
        <translation>此资料已被他人预约。请拿到服务台办理。</translation>
    </message>
    <message>
        <source>This item is recorded as lent to someone else. Please take it to the counter.</source>
        <translation>系统记录此资料已借给他人。请拿到服务台办理。</translation>
    </message>
    <message>
        <source>This item was borrowed from another library. Please take it to the counter.</source>
        <translation>此资料是从其他图书馆借来的。请拿到服务台办理。</translation>
    </message>
    <message>
        <source>This item is not in the library&apos;s catalogue. Please take it to the counter.</source>
        <translation>此资料未登录在图书馆馆藏中。请拿到服务台办理。</translation>
    </message>
    <message>
        <source>This item has a loan recorded here that the library system has not accepted yet. Please ask the staff.</source>
        <translation>此资料在本机有一笔借阅记录，图书馆系统尚未确认。请联系工作人员。</translation>
    </message>
    <message>
        <source>Someone is waiting for this item.</source>
        <translation>此资料已有他人预约。</translation>
    </message>
    <message>
        <source>It has been renewed as many times as the library allows.</source>
        <translation>已达到图书馆规定的续借次数上限。</translation>
    </message>
    <message>
        <source>It cannot be renewed yet: a renewal today would not give a later date.</source>
        <translation>暂时无法续借：今天续借不会延后还书期限。</translation>
    </message>
    <message>
        <source>It is past its due date. Please return it or ask at the counter.</source>
        <translation>已超过还书期限。请归还，或到服务台咨询。</translation>
    </message>
    <message>
        <source>Items of this kind cannot be renewed.</source>
        <translation>此类资料不能续借。</translation>
    </message>
    <message>
        <source>It has reached the longest time an item may be kept.</source>
        <translation>已达到资料可借阅的最长期限。</translation>
    </message>
    <message>
        <source>It is not on loan to you. Please ask at the counter.</source>
        <translation>此资料不在您的借阅记录中。请到服务台咨询。</translation>
    </message>
    <message>
        <source>You have reached today&apos;s limit for this machine. Please take the rest to the counter.</source>
        <translation>您今天在本机的借阅数量已达上限。其余资料请拿到服务台办理。</translation>
    </message>
    <message>
        <source>Self-checkout is paused. Please take your items to the counter.</source>
        <translation>自助借书暂停中。请将资料拿到服务台办理。</translation>
    </message>
    <message>
        <source>The card could not be read. Please place it on the reader again and leave it there.</source>
        <translation>无法读取卡片。请重新放在读卡器上，不要移动。</translation>
    </message>
    <message>
        <source>This card cannot be used here. Please use your library card or ask at the counter.</source>
        <translation>此卡无法在这里使用。请使用图书馆卡或到服务台咨询。</translation>
    </message>
    <message>
        <source>The card reader is not working right now. Please scan your library card instead, or ask at the counter.</source>
        <translation>读卡器暂时无法使用。请改为扫描图书馆卡，或到服务台咨询。</translation>
    </message>
    <message>
        <source>This is not a My Number card. Please place your My Number card, or scan your library card.</source>
        <translation>这不是个人编号卡。请放置个人编号卡，或扫描图书馆卡。</translation>
    </message>
    <message>
        <source>My Number on a smartphone cannot be used here. Please use the card itself or your library card.</source>
        <translation>这里不能使用智能手机上的个人编号卡功能。请使用实体卡或图书馆卡。</translation>
    </message>
    <message>
        <source>The electronic certificate on this card has expired. It is renewed at your city office. Until then, please use your library card.</source>
        <translation>此卡的电子证书已过期，可在您居住地的市区町村窗口更新。在此之前，请使用图书馆卡。</translation>
    </message>
    <message>
        <source>This My Number card is not registered with the library yet. Please register it at the counter (bring your library card).</source>
        <translation>此个人编号卡尚未在图书馆登记。请到服务台办理登记（请携带图书馆卡）。</translation>
    </message>
    <message>
        <source>The card&apos;s PIN is locked. Your city office can unlock it. Please use your library card or ask at the counter.</source>
        <translation>卡的密码已被锁定，可在您居住地的市区町村窗口解除。请使用图书馆卡或到服务台咨询。</translation>
    </message>
    <message>
        <source>This item was not renewed.</source>
        <translation>此资料未能续借。</translation>
    </message>
    <message>
        <source>The library system did not allow the renewal. Please ask at the counter.</source>
        <translation>图书馆系统未允许续借。请到服务台咨询。</translation>
    </message>
    <message>
        <source>Renewals are not possible right now. Please try again later or ask at the counter.</source>
        <translation>目前无法办理续借。请稍后再试，或到服务台咨询。</translation>
    </message>
    <message>
        <source>Items borrowed from another library cannot be renewed here.</source>
        <translation>从其他图书馆借来的资料不能在此续借。</translation>
    </message>
    <message>
        <source>Message from the library: %1</source>
        <translation>图书馆的说明：%1</translation>
    </message>
    <message>
        <source>Please scan your library card first.</source>
        <translation>请先扫描借阅证。</translation>
    </message>
    <message>
        <source>Please put all %1 parts on the pad.</source>
        <translation>请把全部%1件都放在感应台上。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在确认…</translation>
    </message>
    <message>
        <source>Lent.</source>
        <translation>已借出。</translation>
    </message>
    <message>
        <source>Please show this item to the staff before you leave.</source>
        <translation>离开前，请把此资料交给工作人员查看。</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>您已借阅此资料。</translation>
    </message>
    <message>
        <source>This is not this library&apos;s item. Please take it to the counter.</source>
        <translation>这不是本馆的资料。请拿到服务台。</translation>
    </message>
    <message>
        <source>Its tag could not be read. Please show this item to the staff.</source>
        <translation>无法读取此资料的标签。请交给工作人员查看。</translation>
    </message>
    <message>
        <source>Please show this item to the staff.</source>
        <translation>请把此资料交给工作人员查看。</translation>
    </message>
    <message>
        <source>%1 of %2 parts are on the pad</source>
        <translation>感应台上有%2件中的%1件</translation>
    </message>
    <message>
        <source>The book pad is not working right now. Please scan each item&apos;s barcode instead.</source>
        <translation>感应台现在无法使用。请逐件扫描资料的条形码。</translation>
    </message>
    <message>
        <source>An item on the pad</source>
        <translation>感应台上的资料</translation>
    </message>
    <message>
        <source>Please scan your library card first. Then the items on the pad will be lent to you.</source>
        <translation>请先扫描借阅证。之后，感应台上的资料就会借给您。</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask at the counter.</source>
        <translation>操作没有成功。请重试，或到服务台咨询。</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>Out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <source>Please borrow at the counter.</source>
        <translation>请到柜台办理借阅。</translation>
    </message>
</context>
<context>
    <name>PatronScreen</name>
    <message>
        <source>Welcome, %1</source>
        <translation>%1，您好</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>您好</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan them one at a time. When you are done, press Finish.</source>
        <translation>请把要借的资料放在感应台上，或逐件扫描。完成后，请按“完成借书”。</translation>
    </message>
    <message>
        <source>Scan your items one at a time. When you are done, press Finish.</source>
        <translation>请逐件扫描要借的资料。扫描完毕后，请按“完成借书”。</translation>
    </message>
    <message>
        <source>No items yet.</source>
        <translation>还没有扫描资料。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成借书</translation>
    </message>
    <message>
        <source>My loans</source>
        <translation>我的借阅</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Please enter your My Number card&apos;s PIN</source>
        <translation>请输入个人编号卡的密码</translation>
    </message>
    <message>
        <source>The 4-digit PIN for signing in that you chose at the city office. Leave the card on the reader and cover the pad with your hand.</source>
        <translation>在市区町村窗口设定的4位数字登录用密码。请把卡留在读卡器上，用手遮住键盘输入。</translation>
    </message>
    <message>
        <source>Please enter your PIN</source>
        <translation>请输入密码</translation>
    </message>
    <message>
        <source>Your 4-digit PIN (password) for the library. Cover the pad with your hand.</source>
        <translation>请输入图书馆的4位数密码。输入时请用手遮挡键盘。</translation>
    </message>
    <message numerus="yes">
        <source>The PIN is not correct. %n tries left.</source>
        <translation>
            <numerusform>密码不正确。还可以输入 %n 次。</numerusform>
        </translation>
    </message>
    <message>
        <source>One more wrong PIN locks the card; only the city office can unlock it. If you are not sure, press Cancel.</source>
        <translation>再输错一次，卡将被锁定，只能在市区町村窗口解除。如果不确定，请按“取消”。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>删一位</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Would you like a receipt?</source>
        <translation>需要打印借书凭条吗？</translation>
    </message>
    <message>
        <source>It lists what you borrowed and when it is due back.</source>
        <translation>凭条上会列出所借资料和还书期限。</translation>
    </message>
    <message>
        <source>Print a receipt</source>
        <translation>打印凭条</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>不打印</translation>
    </message>
</context>
<context>
    <name>RowWidget</name>
    <message>
        <source>Item %1</source>
        <translation>资料 %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>还书期限 %1</translation>
    </message>
    <message>
        <source>You already have this: due back %1</source>
        <translation>您已借阅此资料，还书期限 %1</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>您已借阅此资料。</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>已续借，还书期限 %1</translation>
    </message>
    <message>
        <source>Your reserved item: picked up.</source>
        <translation>这是您预约的资料，已领取。</translation>
    </message>
</context>
<context>
    <name>StaffHomeScreen</name>
    <message>
        <source>a library card</source>
        <translation>借书证</translation>
    </message>
    <message>
        <source>an item (book or other material)</source>
        <translation>馆藏资料（图书等）</translation>
    </message>
    <message>
        <source>an ISBN (not the library&apos;s item barcode)</source>
        <translation>ISBN（不是图书馆的资料条码）</translation>
    </message>
    <message>
        <source>not usable: nothing was read</source>
        <translation>无法使用: 没有读到内容</translation>
    </message>
    <message>
        <source>not usable: characters no library label carries</source>
        <translation>无法使用: 含有图书馆标签上不会出现的字符</translation>
    </message>
    <message>
        <source>not usable: too long</source>
        <translation>无法使用: 太长</translation>
    </message>
    <message>
        <source>not usable: the check digit is wrong</source>
        <translation>无法使用: 校验位不对</translation>
    </message>
    <message>
        <source>a library card of a retired series</source>
        <translation>已停用号段的借书证</translation>
    </message>
    <message>
        <source>not a card, item or ISBN this library uses</source>
        <translation>不是本馆使用的借书证、资料条码或 ISBN</translation>
    </message>
    <message>
        <source>%1 is read as %2.</source>
        <translation>%1 被识别为：%2。</translation>
    </message>
    <message>
        <source>Reading the kiosk&apos;s status…</source>
        <translation>正在读取本机状态…</translation>
    </message>
    <message>
        <source>The kiosk&apos;s status could not be read: %1</source>
        <translation>无法读取本机状态: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>正在查找设备…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>无法列出设备: %1</translation>
    </message>
    <message>
        <source>Staff mode</source>
        <translation>工作人员模式</translation>
    </message>
    <message>
        <source>online (answering)</source>
        <translation>在线（有响应）</translation>
    </message>
    <message>
        <source>offline (loans are kept here and sent later)</source>
        <translation>离线（借阅记录保存在本机，稍后发送）</translation>
    </message>
    <message>
        <source>Library system: %1</source>
        <translation>图书馆系统: %1</translation>
    </message>
    <message>
        <source>Offline loans waiting: %1</source>
        <translation>待发送的离线借阅: %1</translation>
    </message>
    <message>
        <source>Offline loans refused: %1</source>
        <translation>被拒绝的离线借阅: %1</translation>
    </message>
    <message>
        <source>Devices found:</source>
        <translation>找到的设备:</translation>
    </message>
    <message>
        <source>Scan test: scan any barcode.</source>
        <translation>扫描测试: 请扫描任意条码。</translation>
    </message>
    <message>
        <source>Back in service</source>
        <translation>恢复服务</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <source>Restart the kiosk</source>
        <translation>重启自助机</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>硬件设置</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>登记个人编号卡</translation>
    </message>
    <message>
        <source>Leave staff mode</source>
        <translation>退出工作人员模式</translation>
    </message>
</context>
<context>
    <name>StaffLinkScreen</name>
    <message>
        <source>Reading the card…</source>
        <translation>正在读取卡片…</translation>
    </message>
    <message>
        <source>Linked to library card %1. The certificate is valid until %2.</source>
        <translation>已关联到图书馆卡 %1。电子证书有效期至 %2。</translation>
    </message>
    <message>
        <source>That is not a library card number. Scan the patron&apos;s library card.</source>
        <translation>这不是图书馆卡号。请扫描读者的图书馆卡。</translation>
    </message>
    <message>
        <source>The card could not be linked: %1</source>
        <translation>无法绑定卡片: %1</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>登记个人编号卡</translation>
    </message>
    <message>
        <source>1. Scan the patron&apos;s library card.</source>
        <translation>1. 扫描读者的图书馆卡。</translation>
    </message>
    <message>
        <source>Library card: %1</source>
        <translation>图书馆卡: %1</translation>
    </message>
    <message>
        <source>2. The patron places the My Number card on the reader; press Link. Only the certificate&apos;s link key is kept.</source>
        <translation>2. 读者将个人编号卡放在读卡器上后，按“登记”。只保存由证书生成的关联密钥。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>登记</translation>
    </message>
</context>
<context>
    <name>StaffPinScreen</name>
    <message>
        <source>Checking the PIN…</source>
        <translation>正在核对密码…</translation>
    </message>
    <message>
        <source>Staff mode is locked after wrong PINs. Time left: %1</source>
        <translation>密码错误次数过多，已锁定。剩余时间 %1</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>密码错误。还可尝试%1次。</translation>
    </message>
    <message>
        <source>The PIN could not be checked: %1</source>
        <translation>无法核对密码: %1</translation>
    </message>
    <message>
        <source>You can enter the PIN again.</source>
        <translation>现在可以再次输入密码。</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>工作人员密码</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>删一位</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>StaffSetupScreen</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>硬件设置</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>条码扫描器</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Not connected (the kiosk keeps trying)</source>
        <translation>未连接（本机会持续重试）</translation>
    </message>
    <message>
        <source>Not working: the settings need fixing</source>
        <translation>无法工作: 需要修改设置</translation>
    </message>
    <message>
        <source>Barcode scanner (serial)</source>
        <translation>条码扫描器（串口）</translation>
    </message>
    <message>
        <source>Barcode scanner (keyboard)</source>
        <translation>条码扫描器（键盘）</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>小票打印机</translation>
    </message>
    <message>
        <source>Detail: %1</source>
        <translation>详情: %1</translation>
    </message>
    <message>
        <source>Card reader: the PC/SC service (pcscd) is not available. Detail: %1</source>
        <translation>读卡器: PC/SC 服务（pcscd）不可用。详情: %1</translation>
    </message>
    <message>
        <source>The kiosk cannot use this device address: %1</source>
        <translation>本机无法使用此设备地址: %1</translation>
    </message>
    <message>
        <source>The card reader is not available: %1</source>
        <translation>读卡器不可用: %1</translation>
    </message>
    <message>
        <source>The device did not answer: %1</source>
        <translation>设备没有响应: %1</translation>
    </message>
    <message>
        <source>The test did not work: %1</source>
        <translation>测试未能完成: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>正在查找设备…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>无法列出设备: %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>None configured ([rfid] reader in the branch config).</source>
        <translation>未配置（分馆配置中的 [rfid] reader）。</translation>
    </message>
    <message>
        <source>No tag on the pad.</source>
        <translation>感应台上没有标签。</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>another library&apos;s item (this library is %1)</source>
        <translation>其他图书馆的资料（本馆为 %1）</translation>
    </message>
    <message>
        <source>RFID pad</source>
        <translation>RFID感应台</translation>
    </message>
    <message>
        <source>Test scans</source>
        <translation>扫描测试</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Read a card</source>
        <translation>读卡</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Save to the branch config</source>
        <translation>保存到分馆配置</translation>
    </message>
    <message>
        <source>Nothing chosen.</source>
        <translation>未选择任何设备。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Read: %1</source>
        <translation>读取: %1</translation>
    </message>
    <message>
        <source>Connected. Scan a barcode (or hold one up to the camera).</source>
        <translation>已连接。请扫描条码（也可以对准摄像头）。</translation>
    </message>
    <message>
        <source>Listening: scan a barcode (or hold one up to the camera).</source>
        <translation>等待中: 请扫描条码（也可对着摄像头）。</translation>
    </message>
    <message>
        <source>Card reader works: a card is on it.</source>
        <translation>读卡器正常: 上面有卡。</translation>
    </message>
    <message>
        <source>My Number card read. Certificate valid until %1.</source>
        <translation>已读取个人编号卡。证书有效期至 %1。</translation>
    </message>
    <message>
        <source>The printer is not ready: %1. Detail: %2</source>
        <translation>打印机无法使用: %1。详情: %2</translation>
    </message>
    <message>
        <source>Test page sent. Check the printout.</source>
        <translation>测试页已发送。请检查打印结果。</translation>
    </message>
    <message>
        <source>This kiosk runs on the embedded demo defaults: there is no branch config file to save to.</source>
        <translation>本机使用内置演示设置运行: 没有可保存的配置文件。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存: %1</translation>
    </message>
    <message>
        <source>Saved to %1. Restart the kiosk to use the new devices.</source>
        <translation>已保存到 %1。重启本机后使用新设备。</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message numerus="yes">
        <source>%n reserved item(s) are waiting for you on the hold shelf.</source>
        <translation>
            <numerusform>您预约的 %n 件资料已到馆，请到预约书架领取。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You can borrow %n more item(s).</source>
        <translation>
            <numerusform>您还可以再借 %n 件。</numerusform>
        </translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>您已达到可借数量上限。</translation>
    </message>
</context>
</TS>
